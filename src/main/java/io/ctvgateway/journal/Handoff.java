package io.ctvgateway.journal;

import java.util.Collection;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Many producers (event loops) hand items to one consumer thread that waits for them; the consumer says how
 * many queued items are worth waking it for.
 *
 * <p>Why not a {@code LinkedBlockingQueue}: its {@code add} signals a waiting consumer every time. The journal's
 * writer waits twice per batch: idle, for a first append, and lingering, for the batch to fill (see
 * {@link JournalWriter}'s group commit). Woken at every append while it lingers, it cost a futex wake and a
 * context switch per install, on two cores shared with the event loops. Here a producer wakes the consumer only
 * once the queue holds the number the consumer waits for ({@code wakeAt}): one wake-up per batch.
 *
 * <p>No lost wake-up: a producer adds, counts, then reads {@code wakeAt}; the consumer sets {@code wakeAt}, then
 * reads the count before parking (both through volatile fields, so at least one of them sees the other's write);
 * and an {@code unpark} before the {@code park} is kept as the thread's permit.
 */
final class Handoff<T> {
  private static final int ASLEEP_TO_ALL = Integer.MAX_VALUE;

  private final ConcurrentLinkedQueue<T> items = new ConcurrentLinkedQueue<>();
  private final AtomicInteger count = new AtomicInteger();
  /** Items queued that wake the consumer; {@link #ASLEEP_TO_ALL} while it is not waiting. */
  private volatile int wakeAt = ASLEEP_TO_ALL;
  private volatile Thread consumer;

  /** Producer side: queues {@code item}, waking the consumer if it waits for this many. */
  void add(T item) {
    items.add(item);
    if (count.incrementAndGet() >= wakeAt) {
      Thread waiting = consumer;
      if (waiting != null) {
        LockSupport.unpark(waiting);
      }
    }
  }

  /** Removes {@code item} if it is still queued (a producer taking back what it added). */
  boolean remove(T item) {
    if (items.remove(item)) {
      count.decrementAndGet();
      return true;
    }
    return false;
  }

  /** About how many are queued (exact when no producer is between its add and its count). */
  int size() {
    return Math.max(0, count.get());
  }

  /** The oldest queued item, or null. */
  T poll() {
    T item = items.poll();
    if (item != null) {
      count.decrementAndGet();
    }
    return item;
  }

  /** Moves up to {@code max} queued items to {@code out}; how many it moved. */
  int drainTo(Collection<? super T> out, int max) {
    int moved = 0;
    while (moved < max) {
      T item = poll();
      if (item == null) {
        break;
      }
      out.add(item);
      moved++;
    }
    return moved;
  }

  /** Consumer side: the oldest item, waiting up to {@code nanos} for one; null if none came. */
  T take(long nanos) throws InterruptedException {
    T item = poll();
    if (item != null) {
      return item;
    }
    awaitSize(1, System.nanoTime() + nanos);
    return poll();
  }

  /**
   * Consumer side: waits until at least {@code n} items are queued or {@code deadline} ({@link System#nanoTime})
   * passes; whether {@code n} are queued.
   */
  boolean awaitSize(int n, long deadline) throws InterruptedException {
    consumer = Thread.currentThread();
    wakeAt = n;
    try {
      while (count.get() < n) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        LockSupport.parkNanos(this, remaining);
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
      }
      return true;
    } finally {
      wakeAt = ASLEEP_TO_ALL;
    }
  }
}
