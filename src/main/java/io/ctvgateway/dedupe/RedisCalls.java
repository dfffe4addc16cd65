package io.ctvgateway.dedupe;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every call to Redis goes through here: each has a deadline ({@code timeout_ms}), at most
 * {@code max_in_flight} are outstanding (more fail at once, so an outage or a stalled Redis cannot pile up
 * callers), and each outcome updates whether Redis answers (readiness), logged once per change.
 *
 * <p>A call that timed out still holds its slot until the client gives up on it (the answer arrives, or the
 * connection fails or is closed for idleness), so the bound is on calls really outstanding, not on callers
 * still waiting.
 */
final class RedisCalls {
  private static final Logger LOG = LoggerFactory.getLogger(RedisCalls.class);

  private final Redis redis;
  private final long timeoutMs;
  private final int maxInFlight;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final LongAdder errors = new LongAdder();
  private final AtomicReference<String> problem = new AtomicReference<>("not_connected");

  RedisCalls(Redis redis, long timeoutMs, int maxInFlight) {
    this.redis = redis;
    this.timeoutMs = timeoutMs;
    this.maxInFlight = maxInFlight;
  }

  /** Sends {@code request}; fails after {@code timeout_ms}, or at once when too many calls are outstanding. */
  Future<Response> send(Request request) {
    if (inFlight.incrementAndGet() > maxInFlight) {
      inFlight.decrementAndGet();
      errors.increment();
      return Future.failedFuture(new LedgerUnavailableException("busy",
          maxInFlight + " Redis calls are in flight already"));
    }
    Future<Response> call;
    try {
      call = redis.send(request);
    } catch (RuntimeException e) {
      call = Future.failedFuture(e);
    }
    return call
        .andThen(ignored -> inFlight.decrementAndGet())
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .andThen(ar -> {
          if (ar.succeeded()) {
            answered();
          } else {
            failed(ar.cause());
          }
        });
  }

  /** Null while Redis answers; else the last problem ({@code unreachable}, {@code timeout}, {@code error: ...}). */
  String problem() {
    return problem.get();
  }

  long errors() {
    return errors.sum();
  }

  int inFlight() {
    return inFlight.get();
  }

  private void answered() {
    String before = problem.getAndSet(null);
    if (before != null) {
      LOG.info("event=ledger_redis_up after={}", before);
    }
  }

  private void failed(Throwable cause) {
    errors.increment();
    String now = classify(cause);
    String before = problem.getAndSet(now);
    if (before == null) {
      LOG.warn("event=ledger_redis_down problem={} cause={}", now.replace(' ', '_'), cause.toString());
    }
  }

  /**
   * A Redis error reply is a {@link Response} (the client reports a closed connection the same way); anything
   * else is the connection's or the deadline's.
   */
  static String classify(Throwable cause) {
    if (cause instanceof TimeoutException) {
      return "timeout";
    }
    if (cause instanceof LedgerUnavailableException unavailable) {
      return unavailable.problem();
    }
    if (cause instanceof Response && !String.valueOf(cause.getMessage()).startsWith("CONNECTION_CLOSED")) {
      String message = String.valueOf(cause.getMessage());
      int space = message.indexOf(' ');
      return "error " + (space > 0 ? message.substring(0, space) : message).toUpperCase(Locale.ROOT);
    }
    return "unreachable";
  }
}
