package io.ctvgateway.config;

/**
 * Whether the gateway keeps metrics.
 *
 * @param enabled false: every meter is a no-op, Vert.x reports nothing and {@code /metrics} is empty (for the
 *     benchmark that measures what metrics cost; there is no other reason to turn them off)
 */
public record MetricsConfig(boolean enabled) {
  static MetricsConfig from(ConfigNode node) {
    MetricsConfig config = new MetricsConfig(node.bool("enabled", true));
    node.rejectUnknownKeys();
    return config;
  }
}
