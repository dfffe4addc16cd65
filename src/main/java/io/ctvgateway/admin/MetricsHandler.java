package io.ctvgateway.admin;

import io.ctvgateway.metrics.GatewayMetrics;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /metrics}: the Prometheus text exposition of every meter (the gateway's, Vert.x's HTTP server and
 * client, the JVM's and the process's). The registry renders it; a scrape of a few hundred series takes well under
 * a millisecond, on the admin port's event loop.
 */
final class MetricsHandler implements Handler<RoutingContext> {
  private final GatewayMetrics metrics;

  MetricsHandler(GatewayMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape());
  }
}
