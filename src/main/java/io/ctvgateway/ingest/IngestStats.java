package io.ctvgateway.ingest;

import io.ctvgateway.install.Outcome;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What ingest answered, counted per outcome and per error code; cheap from every event loop. */
public final class IngestStats {
  private final LongAdder accepted = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> limited = new ConcurrentHashMap<>();

  void accepted() {
    accepted.increment();
  }

  void duplicate() {
    duplicates.increment();
  }

  /** Counts an admission outcome. */
  void count(Outcome outcome) {
    if (outcome instanceof Outcome.Accepted) {
      accepted();
    } else {
      duplicate();
    }
  }

  /** A request refused by the rate limit {@code limit} ({@code address}, {@code device}, {@code app}). */
  void rateLimited(String limit) {
    limited.computeIfAbsent(limit, k -> new LongAdder()).increment();
  }

  /** Requests refused by each rate limit. */
  public Map<String, Long> rateLimitedCounts() {
    Map<String, Long> out = new TreeMap<>();
    limited.forEach((key, count) -> out.put(key, count.sum()));
    return out;
  }

  void error(int status, String code) {
    errors.computeIfAbsent(status + " " + code, k -> new LongAdder()).increment();
  }

  public long acceptedCount() {
    return accepted.sum();
  }

  public long duplicateCount() {
    return duplicates.sum();
  }

  /** Error answers by "status code" (e.g. {@code "400 invalid_format"}). */
  public Map<String, Long> errorCounts() {
    Map<String, Long> out = new TreeMap<>();
    errors.forEach((key, count) -> out.put(key, count.sum()));
    return out;
  }
}
