package io.ctvgateway.delivery;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;

/**
 * The records delivery holds in memory (read from the journal, not yet settled), at most
 * {@code delivery.window}; the rest of a backlog waits on disk, so a long Kochava outage costs disk, not heap.
 * Knows each readable one's acceptance time to report the backlog's age. Owned by the delivery event loop.
 */
final class Window {
  private final int capacity;
  /** Seq to acceptance time, in seq order: the first is the oldest accepted. */
  private final TreeMap<Long, Long> held = new TreeMap<>();
  /** Records that could not be read (no acceptance time), on their way to the dead letters. */
  private final Set<Long> unreadable = new HashSet<>();

  Window(int capacity) {
    this.capacity = capacity;
  }

  void hold(long seq, long acceptedAtMillis) {
    held.put(seq, acceptedAtMillis);
  }

  void holdUnreadable(long seq) {
    unreadable.add(seq);
  }

  void release(long seq) {
    if (held.remove(seq) == null) {
      unreadable.remove(seq);
    }
  }

  /** How many more records may be read now. */
  int room() {
    return capacity - size();
  }

  int size() {
    return held.size() + unreadable.size();
  }

  /** When the oldest record held was accepted (epoch millis), 0 when none is. */
  long oldestAcceptedAtMillis() {
    return held.isEmpty() ? 0 : held.firstEntry().getValue();
  }
}
