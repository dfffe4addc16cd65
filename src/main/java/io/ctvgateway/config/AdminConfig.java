package io.ctvgateway.config;

import java.util.Map;

/**
 * The operator-facing HTTP server (health, metrics, dead letters, preview), on its own port, loopback by default.
 *
 * @param host bind address; keep it private (loopback, or a management network)
 * @param port port; 0 picks a free one (tests)
 * @param maxBacklogAgeMs past this age of the oldest undelivered install the backlog is reported stale (health
 *     body, {@code ctvgw_backlog_stale}) for alerts; it never makes the gateway unready
 * @param token the bearer token every endpoint that changes or reveals data requires ({@code env:NAME} reads it
 *     from the environment), or null: allowed only on a loopback address, where those endpoints refuse
 *     cross-site requests instead (an {@code Origin} other than the admin port's own, a {@code Host} that is not
 *     loopback)
 */
public record AdminConfig(String host, int port, long maxBacklogAgeMs, String token) {

  public AdminConfig {
    Checks.notBlank("admin.host", host);
    Checks.range("admin.port", port, 0, 65535);
    Checks.range("admin.max_backlog_age_ms", maxBacklogAgeMs, 1_000, 366L * 86_400_000);
    if (token != null && (token.length() < 16 || !token.chars().allMatch(c -> c > 0x20 && c < 0x7F))) {
      throw new ConfigException("admin.token must be at least 16 printable ASCII characters without spaces, got "
          + token.length() + " characters");
    }
    if (token == null && !loopback(host)) {
      throw new ConfigException("admin.host is '" + host + "', which is not a loopback address: set admin.token"
          + " (or CTVGW_ADMIN_TOKEN) so that requeue, preview and dead letters need it, or bind admin to 127.0.0.1");
    }
  }

  /** Loopback only, tokenless: the tests' and a laptop's setting. */
  public AdminConfig(String host, int port, long maxBacklogAgeMs) {
    this(host, port, maxBacklogAgeMs, null);
  }

  /** Whether the admin port listens on loopback only. */
  public boolean loopbackOnly() {
    return loopback(host);
  }

  static boolean loopback(String host) {
    String h = host.trim().toLowerCase(java.util.Locale.ROOT);
    return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]");
  }

  static AdminConfig from(ConfigNode node, Map<String, String> env) {
    String token = node.secret("token", env);
    AdminConfig config = new AdminConfig(
        node.string("host", "127.0.0.1"),
        node.int32("port", 8081),
        node.integer("max_backlog_age_ms", 900_000),
        token);
    node.rejectUnknownKeys();
    return config;
  }

  /** Never prints the token. */
  @Override
  public String toString() {
    return "AdminConfig[host=" + host + ", port=" + port + ", token=" + (token == null ? "none" : "set") + "]";
  }
}
