package io.ctvgateway.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The suite's result: one Markdown row per figure (value, baseline, ratio, target) and one verdict per target. */
final class Table {
  private record Row(String scenario, String figure, String ours, String baseline, String baselineIs, String target,
      double ratio) {}

  private record Verdict(String target, Boolean met, String detail) {}

  private final List<Row> rows = new ArrayList<>();
  private final List<Verdict> verdicts = new ArrayList<>();

  /**
   * Adds a row; when {@code judgeByRatio}, also the verdict {@code ratio >= ratioTarget} (not measured when the
   * ratio is NaN).
   */
  void row(String scenario, String figure, String ours, String baseline, String baselineIs, String target,
      double ratio, double ratioTarget, boolean judgeByRatio) {
    rows.add(new Row(scenario, figure, ours, baseline, baselineIs, target, ratio));
    if (judgeByRatio) {
      verdicts.add(new Verdict(scenario + ": " + figure + " ratio " + target, Double.isNaN(ratio) ? null
          : ratio >= ratioTarget, Double.isNaN(ratio) ? "no baseline" : String.format(Locale.ROOT, "ratio %.2f", ratio)));
    }
  }

  void verdict(String target, boolean met, String detail) {
    verdicts.add(new Verdict(target, met, detail));
  }

  String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("| scenario | figure | ctv-gateway | baseline | baseline is | ratio | target |\n");
    out.append("|---|---|---:|---:|---|---:|---|\n");
    for (Row row : rows) {
      out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", row.scenario(), row.figure(),
          row.ours(), row.baseline(), row.baselineIs(),
          Double.isNaN(row.ratio()) ? "n/a" : String.format(Locale.ROOT, "%.2f", row.ratio()), row.target()));
    }
    return out.toString();
  }

  String verdicts() {
    StringBuilder out = new StringBuilder("Targets:\n");
    long met = 0;
    for (Verdict v : verdicts) {
      String word = v.met() == null ? "NOT MEASURED" : v.met() ? "met" : "MISSED";
      met += Boolean.TRUE.equals(v.met()) ? 1 : 0;
      out.append(String.format("- %-12s %s (%s)%n", word, v.target(), v.detail()));
    }
    out.append(String.format("%d of %d targets met%n", met, verdicts.size()));
    return out.toString();
  }
}
