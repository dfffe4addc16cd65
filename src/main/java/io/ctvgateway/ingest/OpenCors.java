package io.ctvgateway.ingest;

import io.ctvgateway.install.AppAccess;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * CORS for the TV endpoints, which never fails a request. TV web apps (webOS, Tizen) run from {@code file://},
 * {@code app://} or a packaged origin, and their engines send whatever {@code Origin} they like, including
 * ones that are not URLs at all ({@code file://}, {@code null}); a JSON POST from them is cross-origin and
 * preflighted. The API is public and carries no credentials (no cookies), so every origin, well-formed or not,
 * gets {@code Access-Control-Allow-Origin: *}: the same answer as no origin, plus the header a browser needs.
 * (Vert.x Web's {@code CorsHandler} answered 500 for {@code file://}, and the install was lost.)
 */
final class OpenCors implements Handler<RoutingContext> {
  private static final String ALLOWED_HEADERS = "Content-Type, " + AppAccess.KEY_HEADER;

  @Override
  public void handle(RoutingContext ctx) {
    if (!preflightAnswered(ctx.request())) {
      ctx.next();
    }
  }

  /**
   * Adds the CORS header a request from an origin needs, and answers it (204) when it is a preflight; true then,
   * and the request goes no further.
   */
  static boolean preflightAnswered(HttpServerRequest request) {
    if (request.getHeader(HttpHeaders.ORIGIN) == null) {
      return false;
    }
    request.response().putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    if (request.method() == HttpMethod.OPTIONS && request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null) {
      request.response()
          .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "POST")
          .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS)
          .putHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "86400")
          .setStatusCode(204)
          .end();
      return true;
    }
    return false;
  }
}
