package io.ctvgateway.ingest;

import io.ctvgateway.http.ErrorBody;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every failure of a TV endpoint becomes its answer: {@link HttpAnswers#error} maps parsing, profile
 * and admission failures; Vert.x Web's own (413 from the body limit, 404, 405) get their codes here; anything
 * else is a bug, logged with its stack trace once, and answered 500 without internals.
 */
final class FailureHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);
  private final int bodyLimitBytes;
  private final IngestStats stats;

  /** Errors of the Kochava-shaped endpoints also say {@code "success":"0"}, which Kochava's SDKs read. */
  private final boolean kochavaShape;

  FailureHandler(int bodyLimitBytes, IngestStats stats) {
    this(bodyLimitBytes, stats, false);
  }

  FailureHandler(int bodyLimitBytes, IngestStats stats, boolean kochavaShape) {
    this.bodyLimitBytes = bodyLimitBytes;
    this.stats = stats;
    this.kochavaShape = kochavaShape;
  }

  /** A routed request's failure, as the router hands it over. */
  @Override
  public void handle(RoutingContext ctx) {
    handle(Exchange.of(ctx), ctx.statusCode(), ctx.failure());
  }

  /** A failure ({@code status}, {@code failure} or both) answered: the router's way in and the direct path's. */
  void handle(Exchange exchange, int status, Throwable failure) {
    if (exchange.response().closed()) {
      // The client went away (mid-body, say): there is nobody to answer and nothing went wrong here.
      LOG.debug("event=client_gone path={} cause={}", exchange.request().path(), String.valueOf(failure));
      return;
    }
    ApiException error = failure == null ? null : HttpAnswers.error(failure);
    if (error == null) {
      if (failure == null || (failure instanceof HttpException && status >= 400)) {
        error = forStatus(status, exchange);
      } else {
        LOG.error("event=internal_error method={} path={}", exchange.request().method(), exchange.request().path(), failure);
        error = new ApiException(500, "internal_error", null, "the gateway failed unexpectedly; nothing was stored");
      }
    }
    if (error.status() < 500) {
      LOG.debug("event=rejected status={} code={} field={} path={}", error.status(), error.code(), error.field(),
          exchange.request().path());
    }
    stats.error(exchange, error.status(), error.code(), error.field());
    if (error.status() == 413) {
      // The rest of the oversized body is still on its way: say the connection closes, and close it.
      exchange.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
      ErrorBody.send(exchange.response(), 413, error.code(), error.getMessage(), error.field(), 0)
          .onComplete(written -> exchange.request().connection().close());
      return;
    }
    JsonObject body = ErrorBody.of(error.code(), error.getMessage(), error.field());
    if (kochavaShape) {
      body.put("success", "0");
    }
    ErrorBody.send(exchange.response(), error.status(), body, error.retryAfterSeconds());
  }

  private ApiException forStatus(int status, Exchange exchange) {
    return switch (status) {
      case 413 -> new ApiException(413, "body_too_large", null,
          "request body must be at most " + bodyLimitBytes + " bytes");
      case 404 -> new ApiException(404, "not_found", null,
          "no endpoint " + exchange.request().method() + " " + Fields.clip(exchange.request().path())
              + "; installs go to POST /v1/{platform}/install");
      case 405 -> new ApiException(405, "method_not_allowed", null,
          "method " + exchange.request().method() + " is not allowed on " + Fields.clip(exchange.request().path()));
      case 400 -> new ApiException(400, "bad_request", null, "the request could not be read");
      default -> new ApiException(status < 400 ? 500 : status, "http_" + status, null, "request failed");
    };
  }
}
