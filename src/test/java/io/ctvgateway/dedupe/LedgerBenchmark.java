package io.ctvgateway.dedupe;

import io.ctvgateway.config.LedgerConfig;
import io.ctvgateway.journal.FsyncMode;
import io.ctvgateway.journal.Journal;
import io.ctvgateway.journal.JournalOptions;
import io.ctvgateway.profile.InstallKey;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * What the embedded ledger costs per install key: heap after GC with N keys, and start-up time to load N keys
 * from the key log. Baselines from the same run: a plain {@code ConcurrentHashMap<LedgerKey, Receipt>} of
 * the same keys (heap), and reading the key log's bytes with no parsing (load). Not a test; run with
 * {@code mvn -q -Pbench -Dbench.main=io.ctvgateway.dedupe.LedgerBenchmark test-compile exec:exec}
 * (optional {@code -Dbench.args=KEYS}, default 1000000).
 */
public final class LedgerBenchmark {
  private LedgerBenchmark() {}

  public static void main(String[] args) throws Exception {
    int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Clock clock = Clock.systemUTC();
    LedgerConfig config = new LedgerConfig(Math.max(keys, 1), 400);
    Path dir = Files.createTempDirectory("ledger-bench");
    try {
      // Heap per key: the ledger as the gateway runs it, against a plain map of the same objects.
      long base = usedHeapAfterGc();
      CompactLedger ledger = CompactLedger.create(config, clock);
      List<LedgerKey> sample = new ArrayList<>();
      try (Journal log = Journal.open(JournalOptions.defaults(dir).withFsync(FsyncMode.NONE))) {
        DurableLedger durable = DurableLedger.open(ledger, log);
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
          LedgerKey key = LedgerKey.of("app", "roku", new InstallKey("rida", Integer.toString(i)));
          Receipt receipt = Receipt.next(clock);
          durable.claim(key, receipt);
          pending.add(durable.settle(key, receipt).toCompletionStage().toCompletableFuture());
          if (pending.size() == 8_192) {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
            pending.clear();
          }
          if (i % 1000 == 0) {
            sample.add(key);
          }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
      }
      long ledgerBytes = usedHeapAfterGc() - base;
      long mapBase = usedHeapAfterGc();
      ConcurrentHashMap<LedgerKey, Receipt> map = new ConcurrentHashMap<>();
      for (int i = 0; i < keys; i++) {
        map.put(LedgerKey.of("app", "roku", new InstallKey("rida", Integer.toString(i))), Receipt.next(clock));
      }
      long mapBytes = usedHeapAfterGc() - mapBase;

      // Start-up: load every key from the log into a fresh ledger, against reading the same bytes raw.
      long rawStart = System.nanoTime();
      long rawBytes = readAll(dir);
      long rawNanos = System.nanoTime() - rawStart;
      long loadStart = System.nanoTime();
      try (Journal log = Journal.open(JournalOptions.defaults(dir).withFsync(FsyncMode.NONE))) {
        CompactLedger fresh = CompactLedger.create(config, clock);
        DurableLedger.open(fresh, log);
        long loadNanos = System.nanoTime() - loadStart;
        for (LedgerKey key : sample) {
          if (fresh.claim(key, Receipt.next(clock)).result().fresh()) {
            throw new AssertionError("key lost on reload: " + key);
          }
        }
        System.out.printf("%nledger: %,d keys, %d cores, %s%n", keys, Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        System.out.printf("%-34s %14s %14s %8s%n", "figure", "ledger", "baseline", "ratio");
        System.out.printf("%-34s %14.1f %14.1f %8.2f   (baseline: ConcurrentHashMap of the same keys)%n",
            "heap bytes per key", (double) ledgerBytes / keys, (double) mapBytes / keys,
            (double) ledgerBytes / mapBytes);
        System.out.printf("%-34s %14.0f %14.0f %8.2f   (baseline: reading the key log's %,d bytes raw)%n",
            "start-up load, ms per million keys", loadNanos / 1e6 * 1_000_000 / keys,
            rawNanos / 1e6 * 1_000_000 / keys, (double) loadNanos / rawNanos, rawBytes);
        System.out.printf("%-34s %14.1f%n", "key log bytes per key on disk", (double) rawBytes / keys);
      }
      if (map.size() != keys) {
        throw new AssertionError("map lost keys");
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static long readAll(Path dir) throws Exception {
    long total = 0;
    ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".log")).toList()) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
          while (channel.read(buffer) > 0) {
            total += buffer.position();
            buffer.clear();
          }
        }
      }
    }
    return total;
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
