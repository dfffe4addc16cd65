package io.ctvgateway.journal;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Append throughput and latency per fsync mode, and recovery time of a big backlog. Not a test
 * (Surefire ignores the name); run it by hand:
 *
 * <pre>
 * mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java -cp target/classes:target/test-classes:$(cat cp.txt) io.ctvgateway.journal.JournalBenchmark \
 *     [seconds=3] [inFlight=64] [payloadBytes=400] [recoveryRecords=1000000]
 * </pre>
 *
 * Offline, without the dependency plugin cached, take the class path Surefire recorded after a
 * {@code mvn test}: {@code grep -o 'surefire.test.class.path" value="[^"]*'
 * target/surefire-reports/TEST-io.ctvgateway.journal.GroupCommitTest.xml | cut -d'"' -f3 > cp.txt}.
 * The recovery figure comes from a warm page cache (the records were just written).
 *
 * Appenders run in a closed loop on Vert.x event loops, as ingest does: each append's completion
 * (on its event loop) issues the next one, so {@code inFlight} appends are always outstanding.
 */
public final class JournalBenchmark {
  private static final int MAX_SAMPLES = 20_000_000;

  private record Result(double appendsPerSecond, long fsyncs, double meanBatch, double p50Micros,
      double p99Micros) {}

  private JournalBenchmark() {}

  public static void main(String[] args) throws Exception {
    int seconds = arg(args, 0, 3);
    int inFlight = arg(args, 1, 64);
    int payloadBytes = arg(args, 2, 400);
    int recoveryRecords = arg(args, 3, 1_000_000);
    Vertx vertx = Vertx.vertx();
    try {
      Map<FsyncMode, Result> results = new LinkedHashMap<>();
      for (FsyncMode mode : List.of(FsyncMode.EACH, FsyncMode.BATCH, FsyncMode.NONE)) {
        results.put(mode, run(vertx, mode, seconds, inFlight, payloadBytes));
      }
      System.out.printf("%nappends: %d in flight, %d-byte payloads, %d s per mode, %d cores%n",
          inFlight, payloadBytes, seconds, Runtime.getRuntime().availableProcessors());
      System.out.printf("%-6s %12s %10s %11s %10s %10s%n",
          "mode", "appends/s", "fsyncs", "mean batch", "p50 us", "p99 us");
      results.forEach((mode, r) -> System.out.printf("%-6s %12.0f %10d %11.1f %10.0f %10.0f%n",
          mode, r.appendsPerSecond(), r.fsyncs(), r.meanBatch(), r.p50Micros(), r.p99Micros()));
      System.out.printf("BATCH / EACH throughput: %.1fx%n",
          results.get(FsyncMode.BATCH).appendsPerSecond() / results.get(FsyncMode.EACH).appendsPerSecond());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
    if (recoveryRecords > 0) {
      recovery(recoveryRecords, payloadBytes);
    }
  }

  private static Result run(Vertx vertx, FsyncMode mode, int seconds, int inFlight, int payloadBytes)
      throws Exception {
    Path dir = Files.createTempDirectory("journal-bench-" + mode.name().toLowerCase());
    byte[] payload = new byte[payloadBytes];
    Arrays.fill(payload, (byte) 'x');
    long[] latencies = new long[MAX_SAMPLES];
    AtomicInteger samples = new AtomicInteger();
    CountDownLatch stopped = new CountDownLatch(inFlight);
    long[] window = new long[2];
    try (Journal journal = Journal.open(JournalOptions.defaults(dir).withFsync(mode))) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      window[0] = System.nanoTime();
      for (int i = 0; i < inFlight; i++) {
        Context context = vertx.getOrCreateContext();
        context.runOnContext(v -> appendLoop(journal, payload, deadline, latencies, samples, stopped));
      }
      stopped.await();
      window[1] = System.nanoTime();
      JournalStats stats = journal.stats();
      int n = Math.min(samples.get(), MAX_SAMPLES);
      long[] sorted = Arrays.copyOf(latencies, n);
      Arrays.sort(sorted);
      return new Result(n / ((window[1] - window[0]) / 1e9), stats.fsyncs(), stats.meanBatchSize(),
          sorted[n / 2] / 1e3, sorted[(int) (n * 0.99)] / 1e3);
    } finally {
      deleteTree(dir);
    }
  }

  private static void appendLoop(Journal journal, byte[] payload, long deadline, long[] latencies,
      AtomicInteger samples, CountDownLatch stopped) {
    long started = System.nanoTime();
    journal.append(payload).onComplete(ar -> {
      long now = System.nanoTime();
      int i = samples.getAndIncrement();
      if (i < latencies.length) {
        latencies[i] = now - started;
      }
      if (ar.failed() || now >= deadline) {
        stopped.countDown();
      } else {
        appendLoop(journal, payload, deadline, latencies, samples, stopped);
      }
    });
  }

  private static void recovery(int records, int payloadBytes) throws Exception {
    Path dir = Files.createTempDirectory("journal-bench-recovery");
    try {
      byte[] payload = new byte[payloadBytes];
      Arrays.fill(payload, (byte) 'r');
      try (Journal journal = Journal.open(JournalOptions.defaults(dir).withFsync(FsyncMode.NONE))) {
        for (int i = 0; i < records; i += 10_000) {
          Future<Long> last = null;
          for (int k = i; k < Math.min(records, i + 10_000); k++) {
            last = journal.append(payload);
          }
          Await.result(last);
        }
      }
      try (Journal journal = Journal.open(JournalOptions.defaults(dir))) {
        RecoveryReport report = journal.recovery();
        long started = System.nanoTime();
        long drained = 0;
        while (drained < report.unsettled()) {
          drained += Await.result(journal.poll(1000)).size();
        }
        double drainSeconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%nrecovery: %d unsettled %d-byte records (%d segments) recovered in %d ms; "
            + "drained through poll in %.2f s (%.0f records/s)%n", report.unsettled(), payloadBytes,
            journal.stats().segments(), report.took().toMillis(), drainSeconds, drained / drainSeconds);
      }
    } finally {
      deleteTree(dir);
    }
  }

  private static int arg(String[] args, int index, int fallback) {
    return args.length > index ? Integer.parseInt(args[index]) : fallback;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
