package io.ctvgateway.ingest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.ctvgateway.config.LimitsConfig;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One rate limit: a token bucket per key, as GCRA (the generic cell rate algorithm): a bucket is one long, its
 * theoretical arrival time, moved forward by {@code cost / rate} for each admitted request and never behind
 * now. A request is admitted while that time stays within {@code burst / rate} of now; otherwise it is told
 * how long to wait. Thread-safe without locks (a CAS per request).
 *
 * <p>Memory is bounded whatever the number of keys: buckets live in a Caffeine cache of at most
 * {@code max_tracked_keys}, and one that has been idle long enough to be full again expires. A bucket dropped
 * for room starts full again: an attacker with more addresses than the cache holds gets each address's burst,
 * which the per-device limit and the backlog limit still bound.
 */
final class RateLimiter {
  private final Cache<Object, AtomicLong> buckets;
  private final Ticker ticker;
  private final long emissionNanos;
  private final long burst;

  RateLimiter(LimitsConfig.Rate rate, long maxTrackedKeys, Ticker ticker) {
    this.ticker = ticker;
    this.emissionNanos = (long) Math.max(1, 1e9 / rate.ratePerSecond());
    this.burst = rate.burst();
    this.buckets = Caffeine.newBuilder()
        .maximumSize(maxTrackedKeys)
        .expireAfterAccess(Duration.ofNanos(emissionNanos * burst).plusSeconds(1))
        .ticker(ticker)
        .build();
  }

  /** 0 when {@code cost} units were taken for {@code key}; else the nanoseconds until they would be. */
  long acquire(Object key, long cost) {
    long units = Math.min(Math.max(1, cost), burst); // a batch larger than the burst takes the whole burst
    AtomicLong bucket = buckets.get(key, k -> new AtomicLong(Long.MIN_VALUE));
    long horizon = emissionNanos * burst;
    while (true) {
      long now = ticker.read();
      long arrival = bucket.get();
      long next = Math.max(arrival == Long.MIN_VALUE ? now : arrival, now) + units * emissionNanos;
      if (next - now > horizon) {
        return next - now - horizon;
      }
      if (bucket.compareAndSet(arrival, next)) {
        return 0;
      }
    }
  }

  /** Buckets held now (after pending evictions), for tests of the bound. */
  long tracked() {
    buckets.cleanUp();
    return buckets.estimatedSize();
  }
}
