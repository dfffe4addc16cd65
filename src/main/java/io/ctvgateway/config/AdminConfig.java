package io.ctvgateway.config;

/**
 * The operator-facing HTTP server (health, metrics, dead letters), on its own port, loopback by default.
 *
 * @param host bind address; keep it private (loopback, or a management network)
 * @param port port; 0 picks a free one (tests)
 * @param maxBacklogAgeMs readiness fails when the oldest undelivered install is older than this
 */
public record AdminConfig(String host, int port, long maxBacklogAgeMs) {

  public AdminConfig {
    Checks.notBlank("admin.host", host);
    Checks.range("admin.port", port, 0, 65535);
    Checks.range("admin.max_backlog_age_ms", maxBacklogAgeMs, 1_000, 366L * 86_400_000);
  }

  static AdminConfig from(ConfigNode node) {
    AdminConfig config = new AdminConfig(
        node.string("host", "127.0.0.1"),
        node.int32("port", 8081),
        node.integer("max_backlog_age_ms", 900_000));
    node.rejectUnknownKeys();
    return config;
  }
}
