package io.ctvgateway.ingest;

import com.github.benmanes.caffeine.cache.Ticker;
import io.ctvgateway.config.LimitsConfig;
import io.ctvgateway.install.OrderKey;
import java.util.concurrent.TimeUnit;

/**
 * The edge's rate limits ({@link LimitsConfig}): per client address before anything is read, per app once the
 * body names it, per device once its profile resolved it (counting each event of a batch). A request over a
 * limit is {@code 429 rate_limited} with {@code Retry-After}, nothing stored, and counted by limit.
 */
public final class EdgeLimits {
  private final RateLimiter perAddress;
  private final RateLimiter perDevice;
  private final RateLimiter perApp;
  private final IngestStats stats;

  /** One per gateway, shared by every server instance (per-instance buckets would multiply the limits). */
  public EdgeLimits(LimitsConfig config, IngestStats stats) {
    this(config, stats, Ticker.systemTicker());
  }

  EdgeLimits(LimitsConfig config, IngestStats stats, Ticker ticker) {
    boolean on = config.mode() == LimitsConfig.Mode.ON;
    this.perAddress = on && config.perAddress().on() ? new RateLimiter(config.perAddress(), config.maxTrackedKeys(), ticker) : null;
    this.perDevice = on && config.perDevice().on() ? new RateLimiter(config.perDevice(), config.maxTrackedKeys(), ticker) : null;
    this.perApp = on && config.perApp().on() ? new RateLimiter(config.perApp(), config.maxTrackedKeys(), ticker) : null;
    this.stats = stats;
  }

  void address(String address) {
    // A 64-bit hash, not the string: 16 bytes a bucket key, whatever the address's length.
    check(perAddress, fnv64(address), 1, "address", "this address");
  }

  void app(String appId, long cost) {
    check(perApp, appId, cost, "app", "app " + appId);
  }

  void device(OrderKey device, long cost) {
    check(perDevice, device, cost, "device", "this device");
  }

  private void check(RateLimiter limiter, Object key, long cost, String limit, String who) {
    if (limiter == null) {
      return;
    }
    long waitNanos = limiter.acquire(key, cost);
    if (waitNanos > 0) {
      stats.rateLimited(limit);
      int seconds = (int) Math.max(1, Math.min(3_600, TimeUnit.NANOSECONDS.toSeconds(waitNanos + 999_999_999)));
      throw new ApiException(429, "rate_limited", null, "too many requests from " + who + " (the per-" + limit
          + " limit); nothing was stored, send it again in " + seconds + " s", seconds);
    }
  }

  RateLimiter perAddress() {
    return perAddress;
  }

  /** FNV-1a over the address's characters (addresses are ASCII): no allocation on the request path. */
  private static long fnv64(String text) {
    long hash = 0xcbf29ce484222325L;
    for (int i = 0; i < text.length(); i++) {
      hash = (hash ^ text.charAt(i)) * 0x100000001b3L;
    }
    return hash;
  }
}
