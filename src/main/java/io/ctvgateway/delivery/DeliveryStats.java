package io.ctvgateway.delivery;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of what delivery did, readable from any thread. */
public final class DeliveryStats {
  final AtomicLong delivered = new AtomicLong();
  final AtomicLong retried = new AtomicLong();
  final AtomicLong throttled = new AtomicLong();
  final AtomicLong deadLettered = new AtomicLong();
  final AtomicLong misconfigured = new AtomicLong();
  final AtomicLong forgotten = new AtomicLong();
  final AtomicLong inWindow = new AtomicLong();
  volatile long oldestAcceptedAtMillis;
  volatile String breaker = "closed";

  public long delivered() {
    return delivered.get();
  }

  public long retried() {
    return retried.get();
  }

  public long throttled() {
    return throttled.get();
  }

  public long deadLettered() {
    return deadLettered.get();
  }

  public long misconfigured() {
    return misconfigured.get();
  }

  /** Records of forgotten devices dropped unsent. */
  public long forgotten() {
    return forgotten.get();
  }

  /** When the oldest record held by delivery was accepted (epoch millis), 0 when none is held. */
  public long oldestAcceptedAtMillis() {
    return oldestAcceptedAtMillis;
  }

  /** The circuit breaker's state: {@code closed}, {@code open} or {@code half_open}. */
  public String breaker() {
    return breaker;
  }

  /** Records read from the journal and not yet settled. */
  public long inWindow() {
    return inWindow.get();
  }
}
