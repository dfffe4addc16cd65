package io.ctvgateway.config;

import java.util.Objects;

/**
 * Token-bucket rate limits at the edge, per gateway (behind N gateways a client may get up to N times as much,
 * as the balancer spreads it). Each is {@code {rate_per_s, burst}}; a rate of 0 turns that limit off.
 *
 * @param mode {@code on} (default) or {@code off}: {@code CTVGW_LIMITS=off} turns every limit off (tests, benchmarks)
 * @param perAddress per client address after trusted-proxy resolution. Generous by default: behind carrier NAT
 *     one address can front thousands of households, and a power cut brings their TVs back at once
 * @param perDevice per device (its install key), counting every event of a batch: one TV cannot flood its own events
 * @param perApp per app id, off by default
 * @param maxTrackedKeys buckets kept per limit at most (the least recently used are dropped): memory stays
 *     bounded however many addresses an attacker uses; a dropped bucket starts full again
 */
public record LimitsConfig(Mode mode, Rate perAddress, Rate perDevice, Rate perApp, long maxTrackedKeys) {

  /** Whether limits apply at all. */
  public enum Mode { ON, OFF }

  /**
   * One limit: a sustained rate and a burst.
   *
   * @param ratePerSecond requests (or batch items) per second, sustained; 0 turns the limit off
   * @param burst how many may come at once after a quiet spell
   */
  public record Rate(double ratePerSecond, long burst) {
    public Rate {
      if (ratePerSecond < 0 || ratePerSecond > 1_000_000 || Double.isNaN(ratePerSecond)) {
        throw new ConfigException("rate_per_s must be between 0 and 1000000, got " + ratePerSecond);
      }
      Checks.range("burst", burst, ratePerSecond == 0 ? 0 : 1, 10_000_000);
    }

    public boolean on() {
      return ratePerSecond > 0;
    }

    static Rate from(ConfigNode node, Rate defaults) {
      Rate rate;
      try {
        rate = new Rate(node.number("rate_per_s", defaults.ratePerSecond()), node.integer("burst", defaults.burst()));
      } catch (ConfigException e) {
        throw new ConfigException(node.key(e.getMessage()), e); // "limits.per_address." + the rule
      }
      node.rejectUnknownKeys();
      return rate;
    }
  }

  public LimitsConfig {
    Objects.requireNonNull(mode, "limits.mode");
    Objects.requireNonNull(perAddress, "limits.per_address");
    Objects.requireNonNull(perDevice, "limits.per_device");
    Objects.requireNonNull(perApp, "limits.per_app");
    Checks.range("limits.max_tracked_keys", maxTrackedKeys, 1_000, 100_000_000);
  }

  static LimitsConfig from(ConfigNode node) {
    LimitsConfig config = new LimitsConfig(
        Checks.oneOf("limits.mode", node.string("mode", "on"), Mode.class),
        Rate.from(node.child("per_address"), new Rate(50, 500)),
        Rate.from(node.child("per_device"), new Rate(5, 100)),
        Rate.from(node.child("per_app"), new Rate(0, 0)),
        node.integer("max_tracked_keys", 100_000));
    node.rejectUnknownKeys();
    return config;
  }
}
