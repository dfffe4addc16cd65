package io.ctvgateway.ingest;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

/**
 * One TV request as the ingest handlers see it, whichever way it came: through Vert.x Web's router (every endpoint
 * but one), or straight from the server for {@code POST /v1/{platform}/install} ({@link IngestRoutes}: the router
 * cost 1.3-2.2 µs of CPU per request on this path, about a twentieth of an install). It carries what the router's
 * context used to hold for the handlers (when the headers and the body were in, the body's bytes) and where a
 * failure goes: the routed one to the route's failure handler through the router, the direct one to
 * {@link FailureHandler} itself, with the status the router would have given it.
 */
final class Exchange {
  private static final String KEY = "ctvgw.exchange";

  private final HttpServerRequest request;
  /** The router's context, or null on the direct path. */
  private final RoutingContext routed;
  /** The direct path's platform (the routed one reads the path parameter, set once a route matched). */
  private final String platform;
  /** The direct path's failure handler. */
  private final FailureHandler failures;

  /** When the request's headers were read ({@link IngestStats#arrived}), 0 until then. */
  long arrivedNanos;
  /** When its body was in ({@link IngestStats#started}): the start of its answer's latency, 0 until then. */
  long startedNanos;
  /** The body {@link BodyReader} read, or null when the request had none. */
  byte[] body;
  private boolean failed;

  private Exchange(HttpServerRequest request, RoutingContext routed, String platform, FailureHandler failures) {
    this.request = request;
    this.routed = routed;
    this.platform = platform;
    this.failures = failures;
  }

  /** The exchange of a routed request: made by its first handler, then the same one for every later handler. */
  static Exchange of(RoutingContext ctx) {
    Exchange exchange = ctx.get(KEY);
    if (exchange == null) {
      exchange = new Exchange(ctx.request(), ctx, null, null);
      ctx.put(KEY, exchange);
    }
    return exchange;
  }

  /** A request that skips the router: its platform read from the path, its failures answered by {@code failures}. */
  static Exchange direct(HttpServerRequest request, String platform, FailureHandler failures) {
    return new Exchange(request, null, platform, failures);
  }

  HttpServerRequest request() {
    return request;
  }

  HttpServerResponse response() {
    return request.response();
  }

  /** The path's {@code {platform}}, or null when no route with one matched (a 404). */
  String platform() {
    return routed != null ? routed.pathParam("platform") : platform;
  }

  boolean failed() {
    return failed;
  }

  /** Fails the request with what was thrown: its status is the exception's if it is an HTTP one, else 500. */
  void fail(Throwable failure) {
    fail(failure instanceof HttpException http ? http.getStatusCode() : 500, failure);
  }

  /** Fails the request with a status alone (413, 417): the failure handler words it. */
  void fail(int status) {
    fail(status, null);
  }

  void fail(int status, Throwable failure) {
    failed = true;
    if (routed != null) {
      if (failure == null) {
        routed.fail(status);
      } else {
        routed.fail(status, failure);
      }
    } else {
      failures.handle(this, status, failure);
    }
  }
}
