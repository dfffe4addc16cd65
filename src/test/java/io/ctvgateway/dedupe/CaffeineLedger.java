package io.ctvgateway.dedupe;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.ctvgateway.config.LedgerConfig;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The benchmarks' baseline: the gateway's first in-memory ledger, replaced by {@link CompactLedger}. A bounded
 * Caffeine cache, key to first receipt. The claim is one {@code putIfAbsent}, atomic across event loops, and answers synchronously (already-completed Futures).
 * A key expires {@code expire_after_days} after its receipt was issued (the receipt carries its time), so
 * the expiry is the same before and after a restart reloads the key.
 */
public final class CaffeineLedger implements MemoryLedger {
  private final Cache<LedgerKey, Receipt> cache;
  private final Clock clock;
  private final long ttlMillis;

  private CaffeineLedger(Cache<LedgerKey, Receipt> cache, Clock clock, long ttlMillis) {
    this.cache = cache;
    this.clock = clock;
    this.ttlMillis = ttlMillis;
  }

  public static CaffeineLedger create(LedgerConfig config, Clock clock, Ticker ticker) {
    long ttlMillis = Duration.ofDays(config.expireAfterDays()).toMillis();
    Cache<LedgerKey, Receipt> cache = Caffeine.newBuilder()
        .maximumSize(config.maxKeys())
        .expireAfter(Expiry.<LedgerKey, Receipt>creating(
            (key, receipt) -> Duration.ofMillis(Math.max(0, ttlMillis - (clock.millis() - receipt.millis())))))
        .ticker(ticker)
        .executor(Runnable::run)
        .build();
    return new CaffeineLedger(cache, clock, ttlMillis);
  }

  @Override
  public Future<Claim> claim(LedgerKey key, Receipt receipt) {
    Receipt first = cache.asMap().putIfAbsent(key, receipt);
    return Future.succeededFuture(first == null ? new Claim(true, receipt) : new Claim(false, first));
  }

  @Override
  public Future<Void> release(LedgerKey key, Receipt receipt) {
    cache.asMap().remove(key, receipt);
    return Future.succeededFuture();
  }

  @Override
  public Future<Boolean> forget(LedgerKey key) {
    return Future.succeededFuture(cache.asMap().remove(key) != null);
  }

  @Override
  public Future<Void> commit(LedgerKey key, Receipt receipt) {
    return Future.succeededFuture();
  }

  @Override
  public long size() {
    return cache.estimatedSize();
  }

  @Override
  public boolean restore(LedgerKey key, Receipt receipt) {
    if (clock.millis() - receipt.millis() >= ttlMillis) {
      return false;
    }
    cache.asMap().putIfAbsent(key, receipt);
    return true;
  }

  @Override
  public void forEach(BiConsumer<LedgerKey, Receipt> visitor) {
    for (Map.Entry<LedgerKey, Receipt> entry : cache.asMap().entrySet()) {
      visitor.accept(entry.getKey(), entry.getValue());
    }
  }
}
