package io.ctvgateway.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.IdentityHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deadlines that a client sending a byte a second cannot stretch, for one server instance (its connections all
 * live on its event loop, so the state below needs no locks).
 *
 * <ul>
 *   <li>From the moment a connection opens, its first request's line and headers must arrive within
 *       {@code headerDeadlineMs}; otherwise the connection is closed. After an answer, the next request has
 *       {@code keepAliveMs}: an idle keep-alive connection is closed then. That is longer than the idle timeout
 *       of the load balancers in front (60 s is common), so that a balancer never sends a request on a
 *       connection the gateway is just closing.</li>
 *   <li>Once the headers are in, the whole request (its body) must be read and answered within
 *       {@code requestDeadlineMs}; otherwise it is answered {@code 408 request_timeout} and the connection
 *       closed.</li>
 *   <li>The connection caps ({@link ConnectionLimits}) are taken when a connection opens and given back when
 *       it closes.</li>
 * </ul>
 */
public final class SlowClients {
  private static final Logger LOG = LoggerFactory.getLogger(SlowClients.class);

  private final Vertx vertx;
  private final ConnectionLimits limits;
  private final long headerDeadlineMs;
  private final long requestDeadlineMs;
  private final long keepAliveMs;
  /** Per open connection: its header timer, or -1 while a request is being served. */
  private final Map<HttpConnection, Long> headerTimers = new IdentityHashMap<>();

  public SlowClients(Vertx vertx, ConnectionLimits limits, long headerDeadlineMs, long requestDeadlineMs,
      long keepAliveMs) {
    this.keepAliveMs = keepAliveMs;
    this.vertx = vertx;
    this.limits = limits;
    this.headerDeadlineMs = headerDeadlineMs;
    this.requestDeadlineMs = requestDeadlineMs;
  }

  /** The server's connection handler. */
  public void onConnection(HttpConnection connection) {
    String address = connection.remoteAddress() == null ? "?" : connection.remoteAddress().hostAddress();
    if (!limits.open(address)) {
      LOG.debug("event=connection_refused address_hash={} reason=connection_cap", Integer.toHexString(address.hashCode()));
      connection.close();
      return;
    }
    connection.closeHandler(closed -> {
      Long timer = headerTimers.remove(connection);
      if (timer != null && timer >= 0) {
        vertx.cancelTimer(timer);
      }
      limits.close(address);
    });
    waitForHeaders(connection, headerDeadlineMs);
  }

  /** In front of the request handler: the headers are in; from now on the request deadline runs. */
  public Handler<HttpServerRequest> guard(Handler<HttpServerRequest> next) {
    return request -> {
      HttpConnection connection = request.connection();
      Long timer = headerTimers.put(connection, -1L);
      if (timer != null && timer >= 0) {
        vertx.cancelTimer(timer);
      }
      long deadline = vertx.setTimer(jittered(requestDeadlineMs), id -> {
        if (!request.response().ended() && !request.response().closed()) {
          LOG.debug("event=request_timeout path={}", request.path());
          StrictHttp.refuse(request, 408, "request_timeout", "the request (its headers and body) must arrive within "
              + requestDeadlineMs + " ms");
          // The answer is written while the body still trickles in; the connection goes at once either way.
          vertx.setTimer(100, after -> connection.close());
        } else if (!request.response().ended()) {
          connection.close();
        }
      });
      request.response().endHandler(ended -> {
        vertx.cancelTimer(deadline);
        if (headerTimers.containsKey(connection)) {
          waitForHeaders(connection, keepAliveMs);
        }
      });
      request.response().closeHandler(closed -> vertx.cancelTimer(deadline));
      next.handle(request);
    };
  }

  /**
   * A deadline less up to a fifth of it, at random: a thousand connections opened at once by one attacker are
   * then cut over a spread of time, not all in the same millisecond, which would stall the event loops for the
   * requests of everyone else. A deadline is never extended.
   */
  private static long jittered(long deadlineMs) {
    return deadlineMs - java.util.concurrent.ThreadLocalRandom.current().nextLong(deadlineMs / 5 + 1);
  }

  private void waitForHeaders(HttpConnection connection, long deadlineMs) {
    headerTimers.put(connection, vertx.setTimer(jittered(deadlineMs), id -> {
      Long current = headerTimers.get(connection);
      if (current != null && current.longValue() == id.longValue()) { // boxed: compare values, not references
        LOG.debug("event=header_timeout");
        connection.close();
      }
    }));
  }
}
