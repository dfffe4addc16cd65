package io.ctvgateway.install;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The console's live tail: a capped, sampled stream of what the gateway just did (a request answered, an install
 * sent to Kochava), with identifiers masked.
 *
 * <p>No cost when nobody watches: producers ask {@link #sample()} (one volatile read while nobody watches) before
 * they build an {@link Entry}. While someone watches, {@link #sample()} lets at most {@link #MAX_PER_SECOND}
 * entries a second be built at all (the rest are counted as {@code dropped}: a read of a counter, no entry, no
 * lock), the last {@link #KEEP} are kept for a watcher that joins, and at most {@link #MAX_WATCHERS} watch at
 * once: memory and time are bounded whatever the traffic.
 */
public final class LiveTail {
  public static final int MAX_PER_SECOND = 50;
  public static final int KEEP = 200;
  public static final int MAX_WATCHERS = 4;

  /**
   * One thing that happened.
   *
   * @param kind {@code install}, {@code event}, {@code events} (a batch), {@code request} (refused before its kind
   *     was known) or {@code delivery}
   * @param app the app id as sent, or null when the request was refused before it was read
   * @param outcome {@code accepted}, {@code duplicate}, {@code rejected}, {@code rate_limited},
   *     {@code unavailable}; for a delivery the verdict ({@code delivered}, {@code retry}, ...)
   * @param device a prefix of the device's keyed hash, never an identifier; null when not known
   * @param status the HTTP status answered, or Kochava's for a delivery (0: no answer)
   * @param latencyMs the time it took (ingest: body in to answer; delivery: Kochava's answer time)
   */
  public record Entry(long atMillis, String kind, String platform, String app, String outcome, String code,
      String field, String uaSource, String device, String receipt, int status, double latencyMs) {}

  /** A watcher; close it to stop. */
  public interface Watch extends AutoCloseable {
    @Override
    void close();
  }

  private final List<Consumer<Entry>> watchers = new CopyOnWriteArrayList<>();
  private final java.util.concurrent.ConcurrentLinkedDeque<Entry> recent = new java.util.concurrent.ConcurrentLinkedDeque<>();
  private final java.util.concurrent.atomic.AtomicInteger kept = new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger slots = new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.LongAdder dropped = new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.AtomicInteger windowCount = new java.util.concurrent.atomic.AtomicInteger();
  private volatile boolean watching;
  private volatile long windowSecond;

  /** Whether anyone watches. */
  public boolean watching() {
    return watching;
  }

  /**
   * Whether the producer should build and {@link #publish} an entry now: someone watches and this second's
   * {@link #MAX_PER_SECOND} are not used up. Past the cap it only reads a counter (no write, no lock): the hot path
   * pays next to nothing for a tail that is open.
   */
  public boolean sample() {
    if (!watching) {
      return false;
    }
    long second = System.currentTimeMillis() / 1000;
    if (second != windowSecond) {
      windowSecond = second; // racing producers may both reset: a few more entries that second, never unbounded
      windowCount.set(0);
    }
    if (windowCount.get() >= MAX_PER_SECOND || windowCount.incrementAndGet() > MAX_PER_SECOND) {
      dropped.increment();
      return false;
    }
    return true;
  }

  /** Entries not sent because of the per-second cap since start. */
  public long dropped() {
    return dropped.sum();
  }

  /** Hands an entry (one {@link #sample()} let through) to the watchers. Any thread; no lock. */
  public void publish(Entry entry) {
    if (!watching) {
      return;
    }
    recent.addLast(entry);
    if (kept.incrementAndGet() > KEEP && recent.pollFirst() != null) {
      kept.decrementAndGet();
    }
    for (Consumer<Entry> watcher : watchers) {
      watcher.accept(entry);
    }
  }

  /**
   * Starts watching: {@code sink} gets the recent entries at once, then every new one (on the producer's thread:
   * hop to your own). Empty when {@link #MAX_WATCHERS} already watch.
   */
  public java.util.Optional<Watch> watch(Consumer<Entry> sink) {
    if (slots.incrementAndGet() > MAX_WATCHERS) {
      slots.decrementAndGet();
      return java.util.Optional.empty();
    }
    List<Entry> backlog = new ArrayList<>(recent);
    watchers.add(sink);
    watching = true;
    backlog.forEach(sink);
    java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    return java.util.Optional.of(() -> {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      watchers.remove(sink);
      if (slots.decrementAndGet() == 0) {
        watching = false;
        recent.clear(); // nothing kept once nobody watches (a producer racing this adds at most one)
        kept.set(0);
      }
    });
  }
}
