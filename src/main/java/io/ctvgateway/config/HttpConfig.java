package io.ctvgateway.config;

import java.util.List;

/**
 * The TV-facing HTTP server.
 *
 * @param host address to bind
 * @param port port to bind; 0 picks a free one (tests)
 * @param instances server verticle instances; 0 means one per core
 * @param bodyLimitBytes largest request body accepted; larger ones get 413
 * @param trustedProxies CIDRs whose {@code X-Forwarded-For} is honoured (empty: the connection's address is the TV's)
 * @param shutdownGraceMs how long a graceful stop waits for requests in flight
 */
public record HttpConfig(
    String host, int port, int instances, int bodyLimitBytes, List<String> trustedProxies, long shutdownGraceMs) {

  public HttpConfig {
    Checks.notBlank("http.host", host);
    Checks.range("http.port", port, 0, 65535);
    Checks.range("http.instances", instances, 0, 256);
    Checks.range("http.body_limit_bytes", bodyLimitBytes, 256, 1 << 20);
    trustedProxies = List.copyOf(trustedProxies);
    for (int i = 0; i < trustedProxies.size(); i++) {
      Checks.cidr("http.trusted_proxies[" + i + "]", trustedProxies.get(i));
    }
    Checks.range("http.shutdown_grace_ms", shutdownGraceMs, 0, 600_000);
  }

  static HttpConfig from(ConfigNode node) {
    HttpConfig config = new HttpConfig(
        node.string("host", "0.0.0.0"),
        node.int32("port", 8080),
        node.int32("instances", 0),
        node.int32("body_limit_bytes", 8192),
        node.strings("trusted_proxies", List.of()),
        node.integer("shutdown_grace_ms", 10_000));
    node.rejectUnknownKeys();
    return config;
  }

  /** The number of server verticles to deploy. */
  public int effectiveInstances() {
    return instances == 0 ? Math.max(1, Runtime.getRuntime().availableProcessors()) : instances;
  }
}
