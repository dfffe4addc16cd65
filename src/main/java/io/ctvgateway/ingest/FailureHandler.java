package io.ctvgateway.ingest;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place failures become HTTP answers: {@code {"error":{"code","message","field"}}}. An
 * {@link ApiException} says its own status; Vert.x Web's own failures (413 from the body limit, 404, 405)
 * get their codes here; anything else is a bug, logged with its stack trace once, and answered 500 without
 * internals.
 */
final class FailureHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);
  private final int bodyLimitBytes;
  private final IngestStats stats;

  FailureHandler(int bodyLimitBytes, IngestStats stats) {
    this.bodyLimitBytes = bodyLimitBytes;
    this.stats = stats;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    ApiException error;
    if (failure instanceof ApiException) {
      error = (ApiException) failure;
    } else if (failure == null || isStatusOnly(ctx)) {
      error = forStatus(ctx.statusCode(), ctx);
    } else {
      LOG.error("event=internal_error method={} path={}", ctx.request().method(), ctx.request().path(), failure);
      error = new ApiException(500, "internal_error", null, "the gateway failed unexpectedly; nothing was stored");
    }
    if (error.status() < 500) {
      LOG.debug("event=rejected status={} code={} field={} path={}", error.status(), error.code(), error.field(),
          ctx.request().path());
    }
    stats.error(error.status(), error.code());
    send(ctx, error);
  }

  private static boolean isStatusOnly(RoutingContext ctx) {
    return ctx.statusCode() >= 400 && ctx.failure() instanceof io.vertx.ext.web.handler.HttpException;
  }

  private ApiException forStatus(int status, RoutingContext ctx) {
    return switch (status) {
      case 413 -> new ApiException(413, "body_too_large", null,
          "request body must be at most " + bodyLimitBytes + " bytes");
      case 404 -> new ApiException(404, "not_found", null,
          "no endpoint " + ctx.request().method() + " " + Fields.clip(ctx.request().path())
              + "; installs go to POST /v1/{platform}/install");
      case 405 -> new ApiException(405, "method_not_allowed", null,
          "method " + ctx.request().method() + " is not allowed on " + Fields.clip(ctx.request().path()));
      case 400 -> new ApiException(400, "bad_request", null, "the request could not be read");
      default -> new ApiException(status < 400 ? 500 : status, "http_" + status, null, "request failed");
    };
  }

  static void send(RoutingContext ctx, ApiException error) {
    if (ctx.response().ended()) {
      return;
    }
    JsonObject body = new JsonObject().put("error", new JsonObject()
        .put("code", error.code())
        .put("message", error.getMessage())
        .put("field", error.field()));
    ctx.response().setStatusCode(error.status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
    if (error.retryAfterSeconds() > 0) {
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(error.retryAfterSeconds()));
    }
    ctx.response().end(body.encode());
  }
}
