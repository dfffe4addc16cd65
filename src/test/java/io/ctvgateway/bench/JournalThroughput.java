package io.ctvgateway.bench;

import io.ctvgateway.journal.FsyncMode;
import io.ctvgateway.journal.Journal;
import io.ctvgateway.journal.JournalOptions;
import io.ctvgateway.journal.JournalStats;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 5: journal appends per second per fsync mode, with the shipped group-commit settings (500 us
 * window, 1024 records a batch, 64 MiB segments), {@code inFlight} appends outstanding from Vert.x event
 * loops as ingest has them, 400-byte records. Baselines from the same run and disk: for {@code each}, a bare
 * {@code write + force} loop on one file (the disk's own fsync rate); for {@code batch}, the same journal
 * with no fsync at all ({@code none}), so the ratio is what durability costs.
 */
final class JournalThroughput {
  /** One mode's figures. */
  record Result(double appendsPerSecond, long fsyncs, double meanBatch) {}

  private JournalThroughput() {}

  static JournalOptions shipped(Path dir, FsyncMode mode) {
    return new JournalOptions(dir, mode, Duration.ofNanos(500_000), 1024, 64L << 20, Duration.ofSeconds(1));
  }

  static Result journal(Path parent, FsyncMode mode, int seconds, int inFlight, int payloadBytes) throws Exception {
    Path dir = Files.createTempDirectory(parent, "journal-" + mode.name().toLowerCase());
    byte[] payload = new byte[payloadBytes];
    Arrays.fill(payload, (byte) 'x');
    Vertx vertx = Vertx.vertx();
    try (Journal journal = Journal.open(shipped(dir, mode))) {
      AtomicLong done = new AtomicLong();
      CountDownLatch stopped = new CountDownLatch(inFlight);
      long started = System.nanoTime();
      long deadline = started + TimeUnit.SECONDS.toNanos(seconds);
      for (int i = 0; i < inFlight; i++) {
        vertx.getOrCreateContext().runOnContext(v -> loop(journal, payload, deadline, done, stopped));
      }
      stopped.await();
      double elapsed = (System.nanoTime() - started) / 1e9;
      JournalStats stats = journal.stats();
      return new Result(done.get() / elapsed, stats.fsyncs(), stats.meanBatchSize());
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
      Files.walk(dir).sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
    }
  }

  private static void loop(Journal journal, byte[] payload, long deadline, AtomicLong done, CountDownLatch stopped) {
    journal.append(payload).onComplete(ar -> {
      done.incrementAndGet();
      if (ar.failed() || System.nanoTime() >= deadline) {
        stopped.countDown();
      } else {
        loop(journal, payload, deadline, done, stopped);
      }
    });
  }

  /** The disk's own fsync figures: per second from one thread, and the latency of one write + force. */
  record Raw(double perSecond, long p50Nanos, long p99Nanos) {}

  /** One thread writing {@code payloadBytes} and forcing them, in a loop: fsyncs per second of this disk. */
  static Raw rawFsyncs(Path parent, int seconds, int payloadBytes) throws IOException {
    Path file = Files.createTempFile(parent, "raw-fsync", ".log");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer buffer = ByteBuffer.allocateDirect(payloadBytes);
      long[] took = new long[1 << 20];
      int count = 0;
      long started = System.nanoTime();
      long deadline = started + TimeUnit.SECONDS.toNanos(seconds);
      for (long now = started; now < deadline; ) {
        buffer.clear();
        channel.write(buffer);
        channel.force(false);
        long after = System.nanoTime();
        took[count++ & (took.length - 1)] = after - now;
        now = after;
      }
      double perSecond = count / ((System.nanoTime() - started) / 1e9);
      long[] sorted = Arrays.copyOf(took, Math.min(count, took.length));
      Arrays.sort(sorted);
      return new Raw(perSecond, sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.99)]);
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
