package io.ctvgateway.delivery;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of what delivery did, readable from any thread. */
public final class DeliveryStats {
  final AtomicLong delivered = new AtomicLong();
  final AtomicLong retried = new AtomicLong();
  final AtomicLong throttled = new AtomicLong();
  final AtomicLong deadLettered = new AtomicLong();
  final AtomicLong misconfigured = new AtomicLong();
  final AtomicLong inWindow = new AtomicLong();

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

  /** Records read from the journal and not yet settled. */
  public long inWindow() {
    return inWindow.get();
  }
}
