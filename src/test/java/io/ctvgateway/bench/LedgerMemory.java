package io.ctvgateway.bench;

import com.github.benmanes.caffeine.cache.Ticker;
import io.ctvgateway.config.LedgerConfig;
import io.ctvgateway.dedupe.CaffeineLedger;
import io.ctvgateway.dedupe.CompactLedger;
import io.ctvgateway.dedupe.InstallLedger;
import io.ctvgateway.dedupe.LedgerKey;
import io.ctvgateway.dedupe.Receipt;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.SplittableRandom;

/**
 * Scenario 4, run in a JVM of its own per figure: heap bytes per install key after a full GC, for the
 * gateway's ledger ({@code compact}) or the Caffeine ledger it replaced ({@code caffeine}, the baseline),
 * with the shipped {@code ledger} settings (10 million keys at most, 400 days). Keys are uniform random
 * 128-bit values, as SHA-256 halves are; receipts are made now. Every key goes through {@code claim}, the
 * gateway's own path. Prints {@code LEDGER_RESULT kind=... keys=... bytes_per_key=... seconds=...}.
 * Usage: {@code LedgerMemory compact|caffeine KEYS}.
 */
public final class LedgerMemory {
  private LedgerMemory() {}

  public static void main(String[] args) throws Exception {
    String kind = args[0];
    int keys = Integer.parseInt(args[1]);
    Clock clock = Clock.systemUTC();
    LedgerConfig config = new LedgerConfig(10_000_000, 400);
    long base = usedHeapAfterGc();
    InstallLedger ledger = switch (kind) {
      case "compact" -> CompactLedger.create(config, clock);
      case "caffeine" -> CaffeineLedger.create(config, clock, Ticker.systemTicker());
      default -> throw new IllegalArgumentException("kind must be compact or caffeine, got '" + kind + "'");
    };
    SplittableRandom random = new SplittableRandom(42);
    long started = System.nanoTime();
    for (int i = 0; i < keys; i++) {
      long millis = clock.millis();
      Receipt receipt = new Receipt((millis << 16) | (random.nextInt() & 0xFFFFL), random.nextLong());
      if (!ledger.claim(new LedgerKey(random.nextLong(), random.nextLong()), receipt).result().fresh()) {
        throw new AssertionError("a fresh key was not fresh at " + i);
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    long used = usedHeapAfterGc() - base;
    if (kind.equals("compact") && ledger.size() != keys) {
      throw new AssertionError(kind + " holds " + ledger.size() + " keys, expected " + keys);
    }
    System.out.printf("LEDGER_RESULT kind=%s keys=%d bytes_per_key=%.1f seconds=%.1f%n", kind, keys,
        (double) used / keys, seconds);
    System.out.flush();
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
