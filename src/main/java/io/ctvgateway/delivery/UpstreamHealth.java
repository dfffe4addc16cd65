package io.ctvgateway.delivery;

import io.ctvgateway.config.DeliveryConfig;
import io.ctvgateway.kochava.KochavaAnswer;
import java.time.Clock;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the answers say about Kochava as a whole, as opposed to one record: the {@link CircuitBreaker} that
 * gates sending, the counters, and one log line per change of state (down, recovered), not one per request.
 * Owned by the delivery event loop.
 */
final class UpstreamHealth {
  // Logged as Delivery: one logger for everything delivery says, which operators filter on.
  private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

  private final CircuitBreaker breaker;
  private final DeliveryStats stats;

  UpstreamHealth(DeliveryConfig config, Clock clock, DeliveryStats stats) {
    this.breaker = new CircuitBreaker(clock, config.breakerFailures(), config.breakerOpenMs(), config.breakerMaxOpenMs());
    this.stats = stats;
  }

  /** 0 when a request may go now; else millis to wait. */
  long acquire() {
    return breaker.acquire();
  }

  /** Nothing will work until someone fixes the configuration: hold every request for {@code millis}. */
  void trip(long millis) {
    stats.misconfigured.incrementAndGet();
    breaker.trip(millis);
  }

  /** Kochava throttles: hold every request for {@code millis}, then let one probe through. */
  void hold(long millis) {
    breaker.trip(millis);
    stats.breaker = breaker.state().name().toLowerCase(Locale.ROOT);
  }

  /** Counts an answer and moves the breaker; {@code receipt} names the install in the logs. */
  void observe(KochavaAnswer answer, Object receipt) {
    switch (answer.verdict()) {
      case DELIVERED -> {
        if (breaker.onSuccess()) {
          LOG.info("event=upstream_recovered breaker=closed");
        }
      }
      case INVALID -> {
        breaker.onSuccess();
        LOG.warn("event=rejected_by_upstream receipt={} status={} body={}", receipt, answer.status(),
            clip(answer.body()));
      }
      case THROTTLED -> stats.throttled.incrementAndGet();
      case RETRY -> {
        stats.retried.incrementAndGet();
        boolean wasClosed = breaker.state() == CircuitBreaker.State.CLOSED;
        if (breaker.onFailure() && wasClosed) {
          // Once per outage: a failed probe re-opens the breaker without another line.
          LOG.warn("event=upstream_down breaker=open status={} cause={}", answer.status(), clip(answer.body()));
        }
      }
      case MISCONFIGURED -> {
        // counted by trip(), which the retry policy's decision leads to
      }
    }
    stats.breaker = breaker.state().name().toLowerCase(Locale.ROOT);
  }

  /** A body or error for one log line: no line breaks, at most 300 characters. */
  static String clip(String text) {
    String flat = text.replace('\n', ' ').replace('\r', ' ');
    return flat.length() <= 300 ? flat : flat.substring(0, 297) + "...";
  }
}
