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
 * @param headerDeadlineMs a connection's first request line and headers must arrive within this of it opening
 * @param keepAliveMs after an answer, the next request must begin within this, or the connection closes: longer
 *     than the idle timeout of the load balancer in front
 * @param requestDeadlineMs once its headers are in, a request (its body) must be read and answered within this:
 *     else {@code 408} and the connection closes
 * @param maxConnections open connections at most; 0: the process's descriptor limit less 256 (for the journal,
 *     the upstream pool and the rest)
 * @param maxConnectionsPerAddress open connections from one client address at most (generous: carrier NAT)
 */
public record HttpConfig(
    String host, int port, int instances, int bodyLimitBytes, List<String> trustedProxies, long shutdownGraceMs,
    long headerDeadlineMs, long requestDeadlineMs, long keepAliveMs, int maxConnections,
    int maxConnectionsPerAddress) {

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
    Checks.range("http.header_deadline_ms", headerDeadlineMs, 100, 600_000);
    Checks.range("http.request_deadline_ms", requestDeadlineMs, 100, 600_000);
    Checks.range("http.keep_alive_ms", keepAliveMs, 100, 3_600_000);
    Checks.range("http.max_connections", maxConnections, 0, 10_000_000);
    Checks.range("http.max_connections_per_address", maxConnectionsPerAddress, 1, 10_000_000);
  }

  /** {@code max_connections}, or when it is 0 the descriptor limit less 256 (at least 64). */
  public int effectiveMaxConnections() {
    if (maxConnections > 0) {
      return maxConnections;
    }
    long descriptors = 65_536;
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      descriptors = unix.getMaxFileDescriptorCount();
    }
    return (int) Math.max(64, Math.min(Integer.MAX_VALUE, descriptors - 256));
  }

  static HttpConfig from(ConfigNode node) {
    HttpConfig config = new HttpConfig(
        node.string("host", "0.0.0.0"),
        node.int32("port", 8080),
        node.int32("instances", 0),
        node.int32("body_limit_bytes", 8192),
        node.strings("trusted_proxies", List.of()),
        node.integer("shutdown_grace_ms", 10_000),
        node.integer("header_deadline_ms", 10_000),
        node.integer("request_deadline_ms", 15_000),
        node.integer("keep_alive_ms", 75_000),
        node.int32("max_connections", 0),
        node.int32("max_connections_per_address", 1_000));
    node.rejectUnknownKeys();
    return config;
  }

  /**
   * The number of server verticles to deploy: {@code instances}, or for 0 one per core but one (at least one). The
   * last core is left to what every install also needs: the delivery loop, the journal's threads, the collector.
   * Measured on 2 cores (docs/benchmarks.md, issue 14's second session): one ingest loop cost 60.3-64.6 µs of CPU per
   * install where two cost 68.7-88.7, for less throughput.
   */
  public int effectiveInstances() {
    return instances == 0 ? Math.max(1, Runtime.getRuntime().availableProcessors() - 1) : instances;
  }
}
