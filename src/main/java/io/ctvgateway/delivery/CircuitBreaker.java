package io.ctvgateway.delivery;

import java.time.Clock;

/**
 * Stops hammering a Kochava that is down. Closed: everything goes. After {@code failures} retryable failures
 * in a row it opens for {@code openMs}; then it is half-open and lets exactly one probe through. The probe's
 * success closes it; its failure opens it again for twice as long, up to {@code maxOpenMs}. Owned by the
 * delivery verticle's event loop: not thread-safe, and needs not be.
 */
final class CircuitBreaker {
  enum State { CLOSED, OPEN, HALF_OPEN }

  private final Clock clock;
  private final int threshold;
  private final long openMs;
  private final long maxOpenMs;
  private State state = State.CLOSED;
  private int consecutiveFailures;
  private long currentOpenMs;
  private long openUntil;
  private boolean probeInFlight;

  CircuitBreaker(Clock clock, int threshold, long openMs, long maxOpenMs) {
    this.clock = clock;
    this.threshold = threshold;
    this.openMs = openMs;
    this.maxOpenMs = maxOpenMs;
    this.currentOpenMs = openMs;
  }

  /** 0 when a request may go now (and, half-open, marks it as the probe); else millis to wait. */
  long acquire() {
    if (state == State.OPEN) {
      long wait = openUntil - clock.millis();
      if (wait > 0) {
        return wait;
      }
      state = State.HALF_OPEN;
      probeInFlight = false;
    }
    if (state == State.HALF_OPEN) {
      if (probeInFlight) {
        return Math.max(1, Math.min(currentOpenMs, 1_000));
      }
      probeInFlight = true;
    }
    return 0;
  }

  /** The upstream answered properly (even with a 4xx about the payload): it is up. */
  boolean onSuccess() {
    boolean wasOpen = state != State.CLOSED;
    state = State.CLOSED;
    consecutiveFailures = 0;
    currentOpenMs = openMs;
    probeInFlight = false;
    return wasOpen;
  }

  /** A retryable failure; true when this one opened the breaker. */
  boolean onFailure() {
    consecutiveFailures++;
    if (state == State.HALF_OPEN) {
      currentOpenMs = Math.min(maxOpenMs, currentOpenMs * 2);
      open(currentOpenMs);
      return true;
    }
    if (state == State.CLOSED && consecutiveFailures >= threshold) {
      open(currentOpenMs);
      return true;
    }
    return false;
  }

  /** Opens for a given time whatever the state (401/403: nothing will work until someone fixes config). */
  void trip(long millis) {
    open(millis);
  }

  private void open(long millis) {
    state = State.OPEN;
    openUntil = clock.millis() + millis;
    probeInFlight = false;
  }

  State state() {
    return state;
  }
}
