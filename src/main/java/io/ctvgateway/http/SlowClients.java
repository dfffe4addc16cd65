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
  /** Per open connection: its one deadline, moved from headers to request to keep-alive. */
  private final Map<HttpConnection, Watch> watches = new IdentityHashMap<>();
  private Deadlines deadlines;

  public SlowClients(Vertx vertx, ConnectionLimits limits, long headerDeadlineMs, long requestDeadlineMs,
      long keepAliveMs) {
    this.keepAliveMs = keepAliveMs;
    this.vertx = vertx;
    this.limits = limits;
    this.headerDeadlineMs = headerDeadlineMs;
    this.requestDeadlineMs = requestDeadlineMs;
  }

  /**
   * One connection's deadline: waiting for a request's headers (a new connection, or one kept alive) while
   * {@code request} is null, else for that request to be read and answered.
   */
  private final class Watch implements Runnable {
    final HttpConnection connection;
    final Deadlines.Deadline deadline = new Deadlines.Deadline(this);
    HttpServerRequest request;

    Watch(HttpConnection connection) {
      this.connection = connection;
    }

    @Override
    public void run() {
      HttpServerRequest late = request;
      if (late == null) {
        LOG.debug("event=header_timeout");
        connection.close();
      } else if (!late.response().ended() && !late.response().closed()) {
        LOG.debug("event=request_timeout path={}", late.path());
        StrictHttp.refuse(late, 408, "request_timeout", "the request (its headers and body) must arrive within "
            + requestDeadlineMs + " ms");
        // The answer is written while the body still trickles in; the connection goes at once either way.
        vertx.setTimer(100, after -> connection.close());
      } else if (!late.response().ended()) {
        connection.close();
      }
    }
  }

  /** The server's connection handler. */
  public void onConnection(HttpConnection connection) {
    String address = connection.remoteAddress() == null ? "?" : connection.remoteAddress().hostAddress();
    if (!limits.open(address)) {
      LOG.debug("event=connection_refused address_hash={} reason=connection_cap", Integer.toHexString(address.hashCode()));
      connection.close();
      return;
    }
    Watch watch = new Watch(connection);
    watches.put(connection, watch);
    connection.closeHandler(closed -> {
      watches.remove(connection);
      deadlines().disarm(watch.deadline);
      limits.close(address);
    });
    deadlines().arm(watch.deadline, jittered(headerDeadlineMs));
  }

  /** In front of the request handler: the headers are in; from now on the request deadline runs. */
  public Handler<HttpServerRequest> guard(Handler<HttpServerRequest> next) {
    return request -> {
      Watch known = watches.get(request.connection());
      // A connection this instance did not see open (none in production) is watched for this request only.
      Watch watch = known != null ? known : new Watch(request.connection());
      watch.request = request;
      deadlines().arm(watch.deadline, jittered(requestDeadlineMs));
      request.response().endHandler(ended -> {
        if (watch.request != request) {
          return;
        }
        watch.request = null;
        if (known != null && watches.get(request.connection()) == known) {
          deadlines().arm(watch.deadline, jittered(keepAliveMs));
        } else {
          deadlines().disarm(watch.deadline);
        }
      });
      request.response().closeHandler(closed -> {
        if (watch.request == request) {
          deadlines().disarm(watch.deadline);
        }
      });
      next.handle(request);
    };
  }

  /** This instance's wheel, made on first use: on its event loop, where its periodic timer then runs. */
  private Deadlines deadlines() {
    if (deadlines == null) {
      deadlines = new Deadlines(vertx, Deadlines.DEFAULT_TICK_MS);
    }
    return deadlines;
  }

  /**
   * A deadline less up to a fifth of it, at random: a thousand connections opened at once by one attacker are
   * then cut over a spread of time, not all in the same millisecond, which would stall the event loops for the
   * requests of everyone else. A deadline is never extended.
   */
  private static long jittered(long deadlineMs) {
    return deadlineMs - java.util.concurrent.ThreadLocalRandom.current().nextLong(deadlineMs / 5 + 1);
  }
}
