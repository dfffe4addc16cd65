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
public record UpstreamConfig(String url, long timeoutMs, int connectTimeoutMs, int maxConnections, int maxInFlight,
    String identityLinkUrl) {

  public static final String KOCHAVA_URL = "https://control.kochava.com/track/json";
  /** Kochava's IdentityLink endpoint (its S2S page gives it as http; https answers too). */
  public static final String IDENTITY_LINK_URL = "https://control.kochava.com/v1/cpi/identityLink.php";

  public UpstreamConfig(String url, long timeoutMs, int connectTimeoutMs, int maxConnections, int maxInFlight) {
    this(url, timeoutMs, connectTimeoutMs, maxConnections, maxInFlight, IDENTITY_LINK_URL);
  }

  public UpstreamConfig {
    checkUrl("upstream.url", url);
    checkUrl("upstream.identity_link_url", identityLinkUrl);
    Checks.range("upstream.timeout_ms", timeoutMs, 100, 300_000);
    Checks.range("upstream.connect_timeout_ms", connectTimeoutMs, 100, 120_000);
    Checks.range("upstream.max_connections", maxConnections, 1, 1024);
    Checks.range("upstream.max_in_flight", maxInFlight, 1, 10_000);
  }

  private static void checkUrl(String key, String url) {
    Checks.notBlank(key, url);
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key + " must be an http(s) URL, got '" + url + "'");
    }
    if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      throw new ConfigException(key + " must be an http(s) URL, got '" + url + "'");
    }
  }

  static UpstreamConfig from(ConfigNode node) {
    UpstreamConfig config = new UpstreamConfig(
        node.string("url", KOCHAVA_URL),
        node.integer("timeout_ms", 10_000),
        node.int32("connect_timeout_ms", 5_000),
        node.int32("max_connections", 32),
        node.int32("max_in_flight", 64),
        node.string("identity_link_url", IDENTITY_LINK_URL));
    node.rejectUnknownKeys();
    return config;
  }
}
