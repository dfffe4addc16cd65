package io.ctvgateway.dedupe;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.ctvgateway.config.LedgerConfig;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * The embedded ledger: a bounded Caffeine cache, key to first receipt, with a write expiry. The claim is one
 * {@code putIfAbsent}, atomic across event loops, and answers synchronously (already-completed Futures).
 */
public final class CaffeineLedger implements InstallLedger {
  private final Cache<LedgerKey, Receipt> cache;

  private CaffeineLedger(Cache<LedgerKey, Receipt> cache) {
    this.cache = cache;
  }

  public static CaffeineLedger create(LedgerConfig config, Ticker ticker) {
    return new CaffeineLedger(Caffeine.newBuilder()
        .maximumSize(config.maxKeys())
        .expireAfterWrite(Duration.ofDays(config.expireAfterDays()))
        .ticker(ticker)
        .build());
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
  public long size() {
    return cache.estimatedSize();
  }
}
