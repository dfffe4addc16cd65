package io.ctvgateway.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs wrk (closed loop: {@code connections} requests always outstanding) with {@code src/bench/installs.lua}. */
final class Wrk {
  /** What one wrk run measured. */
  record Result(long requests, double seconds, long non2xx, long socketErrors, long p50Micros, long p99Micros,
      double cpuSeconds) {
    double perSecond() {
      return (requests - non2xx - socketErrors) / seconds;
    }
  }

  private static final Pattern RESULT = Pattern.compile("WRK_RESULT requests=(\\d+) duration_us=(\\d+) non2xx=(\\d+) "
      + "connect=(\\d+) read=(\\d+) write=(\\d+) timeout=(\\d+) p50_us=(\\d+) p99_us=(\\d+)");

  private static final Pattern TIMES = Pattern.compile("(?m)^(\\d+)m([0-9.]+)s (\\d+)m([0-9.]+)s$");

  private Wrk() {}

  static Result run(Path runDir, String name, Path script, int port, int seconds, int connections, long runId,
      double duplicateShare) throws Exception {
    // bash's `times` prints the CPU that wrk (its child) used: user and system, as "XmY.YYYs XmY.YYYs".
    String wrk = String.join(" ", "wrk", "-t1", "-c" + connections, "-d" + seconds + "s", "--timeout", "10s",
        "-s", "'" + script + "'", "http://127.0.0.1:" + port, "--", Long.toString(runId),
        Double.toString(duplicateShare));
    List<String> command = List.of("bash", "-c", wrk + " && times");
    try (Child child = Child.start(runDir, name, command, Map.of())) {
      String output = child.finish(seconds + 60L);
      Matcher m = RESULT.matcher(output);
      if (!m.find()) {
        throw new IllegalStateException("wrk printed no result:\n" + output);
      }
      Matcher times = TIMES.matcher(output);
      double cpu = Double.NaN;
      while (times.find()) { // the second line is the children's
        cpu = Integer.parseInt(times.group(1)) * 60 + Double.parseDouble(times.group(2))
            + Integer.parseInt(times.group(3)) * 60 + Double.parseDouble(times.group(4));
      }
      return new Result(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)) / 1e6, Long.parseLong(m.group(3)),
          Long.parseLong(m.group(4)) + Long.parseLong(m.group(5)) + Long.parseLong(m.group(6))
              + Long.parseLong(m.group(7)),
          Long.parseLong(m.group(8)), Long.parseLong(m.group(9)), cpu);
    }
  }
}
