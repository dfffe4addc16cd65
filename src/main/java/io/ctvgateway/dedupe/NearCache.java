package io.ctvgateway.dedupe;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * Keys known to be taken, in this process, in front of Redis: a repeat (a TV retrying, the same device again)
 * is answered without a round trip. Only facts that cannot become false before the key expires go in: a key
 * Redis answered as committed, and a key this gateway committed. A free key is never cached (another gateway
 * may take it the next moment), nor a claim in progress (it may be released). Bounded; an entry expires when
 * its key would expire in Redis (the receipt carries its time).
 */
final class NearCache {
  private final Cache<LedgerKey, Receipt> cache;
  private final Clock clock;
  private final long ttlMillis;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  NearCache(long maxKeys, long ttlMillis, Clock clock, Ticker ticker) {
    this.clock = clock;
    this.ttlMillis = ttlMillis;
    this.cache = Caffeine.newBuilder()
        .maximumSize(maxKeys)
        .expireAfter(Expiry.<LedgerKey, Receipt>creating((key, receipt) -> Duration.ofMillis(remainingMillis(receipt))))
        .ticker(ticker)
        .executor(Runnable::run)
        .build();
  }

  /** The first receipt of a key known to be taken, or null (counted as a hit or a miss). */
  Receipt get(LedgerKey key) {
    Receipt receipt = cache.getIfPresent(key);
    (receipt == null ? misses : hits).increment();
    return receipt;
  }

  /** Remembers a key known to be taken by {@code receipt}. */
  void put(LedgerKey key, Receipt receipt) {
    if (remainingMillis(receipt) > 0) {
      cache.asMap().putIfAbsent(key, receipt);
    }
  }

  /** Forgets a key (a privacy request). */
  void remove(LedgerKey key) {
    cache.invalidate(key);
  }

  /** How long a key claimed with {@code receipt} lives: the ledger's expiry counted from the receipt's time. */
  long remainingMillis(Receipt receipt) {
    return Math.max(0, ttlMillis - (clock.millis() - receipt.millis()));
  }

  long size() {
    return cache.estimatedSize();
  }

  long hits() {
    return hits.sum();
  }

  long misses() {
    return misses.sum();
  }
}
