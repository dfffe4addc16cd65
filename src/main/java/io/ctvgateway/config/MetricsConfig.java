package io.ctvgateway.config;

/**
 * Whether the gateway keeps metrics.
 *
 * @param enabled false: every meter is a no-op, Vert.x reports nothing and {@code /metrics} is empty (for the
 *     benchmark that measures what metrics cost; there is no other reason to turn them off)
 * <p>Vert.x's own HTTP metrics are off by default: measured with the benchmark (scenario 1, same run, three runs),
 * they cost 9-21 µs of CPU per request (+13% to +33% per 2xx, 9-18% of the throughput), against +3% on average
 * for all of the gateway's own meters, which already time every endpoint and every send to Kochava. Turn them on
 * where that is worth it.
 *
 * @param vertxHttpServer Vert.x's own per-request HTTP server metrics ({@code vertx_http_server_*}), beside the
 *     gateway's {@code ctvgw_ingest_duration_seconds}
 * @param vertxHttpClient Vert.x's own per-request HTTP client metrics ({@code vertx_http_client_*}: the requests
 *     to Kochava), beside the gateway's {@code ctvgw_upstream_duration_seconds}
 */
public record MetricsConfig(boolean enabled, boolean vertxHttpServer, boolean vertxHttpClient) {
  static MetricsConfig from(ConfigNode node) {
    MetricsConfig config = new MetricsConfig(node.bool("enabled", true), node.bool("vertx_http_server", false),
        node.bool("vertx_http_client", false));
    node.rejectUnknownKeys();
    return config;
  }
}
