package io.ctvgateway.config;

import java.net.URI;

/**
 * Kochava's server-to-server endpoint and how we talk to it.
 *
 * @param url the {@code /track/json} endpoint
 * @param timeoutMs the whole-request timeout of one delivery attempt
 * @param connectTimeoutMs TCP (and TLS) connect timeout
 * @param maxConnections keep-alive pool size
 * @param maxInFlight requests on the wire at once (bounded concurrency)
 */
public record UpstreamConfig(String url, long timeoutMs, int connectTimeoutMs, int maxConnections, int maxInFlight) {

  public static final String KOCHAVA_URL = "https://control.kochava.com/track/json";

  public UpstreamConfig {
    Checks.notBlank("upstream.url", url);
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("upstream.url must be an http(s) URL, got '" + url + "'");
    }
    if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      throw new ConfigException("upstream.url must be an http(s) URL, got '" + url + "'");
    }
    Checks.range("upstream.timeout_ms", timeoutMs, 100, 300_000);
    Checks.range("upstream.connect_timeout_ms", connectTimeoutMs, 100, 120_000);
    Checks.range("upstream.max_connections", maxConnections, 1, 1024);
    Checks.range("upstream.max_in_flight", maxInFlight, 1, 10_000);
  }

  static UpstreamConfig from(ConfigNode node) {
    UpstreamConfig config = new UpstreamConfig(
        node.string("url", KOCHAVA_URL),
        node.integer("timeout_ms", 10_000),
        node.int32("connect_timeout_ms", 5_000),
        node.int32("max_connections", 32),
        node.int32("max_in_flight", 64));
    node.rejectUnknownKeys();
    return config;
  }
}
