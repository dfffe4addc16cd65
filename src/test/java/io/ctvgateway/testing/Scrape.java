package io.ctvgateway.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A Prometheus text exposition read for tests: samples by name and labels. */
public final class Scrape {
  /** One sample line. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private final List<Sample> samples;
  private final String text;

  private Scrape(String text, List<Sample> samples) {
    this.text = text;
    this.samples = samples;
  }

  public static Scrape of(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      String name = brace > 0 && brace < space ? line.substring(0, brace) : line.substring(0, line.indexOf(' '));
      Map<String, String> labels = new LinkedHashMap<>();
      if (brace > 0 && brace < space) {
        String body = line.substring(brace + 1, line.lastIndexOf('}'));
        int i = 0;
        while (i < body.length()) {
          int eq = body.indexOf('=', i);
          String key = body.substring(i, eq).trim();
          int start = eq + 2;
          StringBuilder value = new StringBuilder();
          int j = start;
          while (body.charAt(j) != '"') {
            if (body.charAt(j) == '\\') {
              j++;
            }
            value.append(body.charAt(j++));
          }
          labels.put(key, value.toString());
          i = j + 1;
          if (i < body.length() && body.charAt(i) == ',') {
            i++;
          }
        }
      }
      samples.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1))));
    }
    return new Scrape(text, samples);
  }

  /** The sum of the samples named {@code name} whose labels include {@code labels} (NaN when there is none). */
  public double value(String name, Map<String, String> labels) {
    double sum = 0;
    boolean found = false;
    for (Sample sample : samples) {
      if (sample.name().equals(name) && sample.labels().entrySet().containsAll(labels.entrySet())) {
        sum += sample.value();
        found = true;
      }
    }
    return found ? sum : Double.NaN;
  }

  public double value(String name) {
    return value(name, Map.of());
  }

  /** Every sample, in order. */
  public List<Sample> samples() {
    return samples;
  }

  /** The distinct series (name and labels) of the scrape. */
  public java.util.Set<String> series() {
    java.util.Set<String> out = new java.util.TreeSet<>();
    samples.forEach(sample -> out.add(sample.name() + sample.labels()));
    return out;
  }

  public String text() {
    return text;
  }
}
