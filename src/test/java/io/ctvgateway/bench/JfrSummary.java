package io.ctvgateway.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the time goes, from a JFR recording: the hottest methods by CPU samples (the top frame, "self"), the
 * hottest by samples anywhere on the stack ("total", per package prefix of interest), and the classes
 * allocated most (TLAB samples, by weight). A text flame-graph summary for docs/benchmarks.md.
 */
final class JfrSummary {
  /** Pipeline stages: a sample counts for a stage when any frame of its stack starts with one of the prefixes. */
  private static final Map<String, List<String>> STAGES = new java.util.LinkedHashMap<>();

  static {
    STAGES.put("ingest handler, whole (parse to answer)", List.of("io.ctvgateway.ingest.InstallHandler.handle"));
    STAGES.put("  request JSON to fields (RequestParser)", List.of("io.ctvgateway.ingest.RequestParser"));
    STAGES.put("  device profile (ids, UA, device_ver)", List.of("io.ctvgateway.profile."));
    STAGES.put("  Kochava body (KochavaPayload, Envelope)", List.of("io.ctvgateway.kochava.KochavaPayload",
        "io.ctvgateway.kochava.Envelope"));
    STAGES.put("  journal record encode (AcceptedInstallCodec.toBytes)",
        List.of("io.ctvgateway.install.AcceptedInstallCodec.toBytes"));
    STAGES.put("  install key SHA-256 (LedgerKey.of)", List.of("io.ctvgateway.dedupe.LedgerKey."));
    STAGES.put("  receipt (Receipt.next, SecureRandom)", List.of("io.ctvgateway.dedupe.Receipt.next"));
    STAGES.put("  ledger claim (CompactLedger)", List.of("io.ctvgateway.dedupe.CompactLedger"));
    STAGES.put("append completions (Reply, Intake chain)", List.of("io.ctvgateway.journal.Reply"));
    STAGES.put("journal writer thread (frame, write, fsync)", List.of("io.ctvgateway.journal.JournalWriter"));
    STAGES.put("journal reader (delivery's poll)", List.of("io.ctvgateway.journal.JournalReader"));
    STAGES.put("delivery (KochavaClient to Kochava, answers)", List.of("io.ctvgateway.delivery.",
        "io.ctvgateway.kochava.KochavaClient"));
    STAGES.put("HTTP/1.1 codec (Netty)", List.of("io.netty.handler.codec.http."));
    STAGES.put("Vert.x Web router and BodyHandler", List.of("io.vertx.ext.web.impl.", "io.vertx.ext.web.handler."));
    STAGES.put("Jackson (any JSON parse/encode)", List.of("com.fasterxml.jackson."));
  }

  private JfrSummary() {}

  static String summarize(Path recording, int top) throws IOException {
    return summarize(recording, top, java.time.Instant.EPOCH);
  }

  /** As {@link #summarize(Path, int)}, over the events from {@code from} on (a warm-up's left out). */
  static String summarize(Path recording, int top, java.time.Instant from) throws IOException {
    Map<String, Long> self = new HashMap<>();
    Map<String, Long> total = new HashMap<>();
    Map<String, Long> allocated = new HashMap<>();
    Map<String, Long> stages = new java.util.LinkedHashMap<>();
    Map<String, Long> threads = new HashMap<>();
    long samples = 0;
    long allocatedBytes = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
      if (event.getStartTime().isBefore(from)) {
        continue;
      }
      String type = event.getEventType().getName();
      if (type.equals("jdk.ExecutionSample")) {
        RecordedStackTrace stack = event.getStackTrace();
        if (stack == null || stack.getFrames().isEmpty()) {
          continue;
        }
        samples++;
        List<RecordedFrame> frames = stack.getFrames();
        self.merge(name(frames.get(0)), 1L, Long::sum);
        List<String> names = frames.stream().map(JfrSummary::name).distinct().toList();
        names.forEach(n -> total.merge(n, 1L, Long::sum));
        STAGES.forEach((stage, prefixes) -> {
          if (names.stream().anyMatch(n -> prefixes.stream().anyMatch(n::startsWith))) {
            stages.merge(stage, 1L, Long::sum);
          }
        });
        String thread = event.getThread("sampledThread") == null ? "?" : event.getThread("sampledThread").getJavaName();
        threads.merge(thread == null ? "?" : thread.replaceAll("-\\d+$", "-N"), 1L, Long::sum);
      } else if (type.equals("jdk.ObjectAllocationSample")) {
        long weight = event.getLong("weight");
        allocatedBytes += weight;
        allocated.merge(event.getClass("objectClass").getName(), weight, Long::sum);
      }
    }
    StringBuilder out = new StringBuilder();
    out.append(String.format("%,d CPU samples (Java threads)%n%nby thread:%n", samples));
    append(out, threads, samples, top);
    out.append(String.format("%nby pipeline stage (inclusive; stages overlap):%n"));
    for (String stage : STAGES.keySet()) {
      out.append(String.format("  %5.1f%%  %s%n", 100.0 * stages.getOrDefault(stage, 0L) / Math.max(1, samples), stage));
    }
    out.append(String.format("%nself (top frame):%n"));
    append(out, self, samples, top);
    out.append(String.format("%ntotal (anywhere on the stack), io.ctvgateway and Vert.x/Netty entry points:%n"));
    Map<String, Long> ours = total.entrySet().stream()
        .filter(e -> e.getKey().startsWith("io.ctvgateway") || e.getKey().startsWith("io.vertx.ext.web")
            || e.getKey().startsWith("io.vertx.core.json") || e.getKey().startsWith("com.fasterxml"))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    append(out, ours, samples, top);
    out.append(String.format("%nallocation by class (sampled weight, %,d MB total):%n", allocatedBytes >> 20));
    append(out, allocated, allocatedBytes, top);
    return out.toString();
  }

  private static void append(StringBuilder out, Map<String, Long> counts, long whole, int top) {
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(top)
        .forEach(e -> out.append(String.format("  %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, whole),
            e.getKey())));
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  public static void main(String[] args) throws IOException {
    System.out.println(summarize(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 25));
  }
}
