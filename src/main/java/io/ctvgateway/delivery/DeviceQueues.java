package io.ctvgateway.delivery;

import io.ctvgateway.install.OrderKey;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-device order: at most one record of a device is on its way at a time (sent, or waiting for a retry);
 * the device's later records wait here until it settles, so an event never overtakes its install, even across
 * retries. Records without an order key (written before it existed) are never held. Owned by the delivery
 * event loop.
 */
final class DeviceQueues {
  /** Devices with a record on its way, and that device's later records in journal order. */
  private final Map<OrderKey, ArrayDeque<Attempt>> devices = new HashMap<>();
  /**
   * A device with a record on its way and none waiting behind it (nearly every device): one shared, always empty
   * queue instead of a new one per record sent; replaced by a queue of its own when a record must wait.
   */
  private static final ArrayDeque<Attempt> NONE_WAITING = new ArrayDeque<>(0);

  /** True when {@code attempt} may go now; false when it waits behind its device's earlier record. */
  boolean admit(Attempt attempt) {
    OrderKey device = attempt.install.orderKey();
    if (device == null) {
      return true;
    }
    ArrayDeque<Attempt> waiting = devices.putIfAbsent(device, NONE_WAITING); // one lookup
    if (waiting == null) {
      return true;
    }
    if (waiting == NONE_WAITING) {
      waiting = new ArrayDeque<>();
      devices.put(device, waiting);
    }
    waiting.add(attempt);
    return false;
  }

  /**
   * Removes every waiting record (not the ones on their way) that matches, handing each to {@code removed}. Used
   * when a rebalance withdraws records; the device's record on its way is withdrawn by its owner's release.
   */
  void removeWaiting(java.util.function.Predicate<Attempt> match, java.util.function.Consumer<Attempt> removed) {
    for (ArrayDeque<Attempt> waiting : devices.values()) {
      waiting.removeIf(attempt -> match.test(attempt) && consume(removed, attempt));
    }
  }

  private static boolean consume(java.util.function.Consumer<Attempt> removed, Attempt attempt) {
    removed.accept(attempt);
    return true;
  }

  /** The record of {@code device} on its way has settled: the device's next record, now free to go, or null. */
  Attempt release(OrderKey device) {
    if (device == null) {
      return null;
    }
    ArrayDeque<Attempt> waiting = devices.get(device);
    Attempt next = waiting == null ? null : waiting.poll();
    if (next == null) {
      devices.remove(device);
    }
    return next;
  }
}
