package io.ctvgateway.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Ticker;
import io.ctvgateway.config.LimitsConfig;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** GCRA buckets on fake time, and the memory bound under a million distinct keys. */
class RateLimiterTest {
  private final AtomicLong now = new AtomicLong(TimeUnit.DAYS.toNanos(1));
  private final Ticker ticker = now::get;

  @Test
  void aBurstThenTheSustainedRateThenWaitsThatSayHowLong() {
    RateLimiter limiter = new RateLimiter(new LimitsConfig.Rate(10, 5), 1_000, ticker);
    for (int i = 0; i < 5; i++) {
      assertEquals(0, limiter.acquire("a", 1), "request " + i + " of the burst");
    }
    long wait = limiter.acquire("a", 1);
    assertEquals(TimeUnit.MILLISECONDS.toNanos(100), wait, "one emission interval at 10/s");
    assertEquals(0, limiter.acquire("b", 1), "another key has its own bucket");
    now.addAndGet(wait);
    assertEquals(0, limiter.acquire("a", 1));
    assertTrue(limiter.acquire("a", 1) > 0);
    now.addAndGet(TimeUnit.SECONDS.toNanos(10)); // a quiet spell refills the bucket, no further
    for (int i = 0; i < 5; i++) {
      assertEquals(0, limiter.acquire("a", 1));
    }
    assertTrue(limiter.acquire("a", 1) > 0);
  }

  @Test
  void aCostTakesThatManyUnitsAndABatchLargerThanTheBurstTakesTheWholeBurst() {
    RateLimiter limiter = new RateLimiter(new LimitsConfig.Rate(1, 10), 1_000, ticker);
    assertEquals(0, limiter.acquire("d", 8));
    assertTrue(limiter.acquire("d", 3) > 0, "8 + 3 > 10");
    assertEquals(0, limiter.acquire("d", 2));
    assertEquals(0, limiter.acquire("e", 50), "clamped to the burst: admitted once the bucket is full");
    assertTrue(limiter.acquire("e", 1) > 0);
  }

  @Test
  void aMillionAttackingAddressesHoldAtMostMaxTrackedKeysBuckets() {
    RateLimiter limiter = new RateLimiter(new LimitsConfig.Rate(50, 500), 100_000, ticker);
    Runtime runtime = Runtime.getRuntime();
    System.gc();
    long before = runtime.totalMemory() - runtime.freeMemory();
    for (long address = 0; address < 1_000_000; address++) {
      limiter.acquire(address * 0x9E3779B97F4A7C15L, 1);
    }
    long tracked = limiter.tracked();
    System.gc();
    long after = runtime.totalMemory() - runtime.freeMemory();
    System.out.println("RateLimiterTest: 1,000,000 addresses -> " + tracked + " buckets, heap delta about "
        + (after - before) / (1 << 20) + " MiB (" + Math.max(0, after - before) / Math.max(1, tracked) + " B a bucket)");
    assertTrue(tracked <= 100_000, "bounded: " + tracked);
  }
}
