package io.ctvgateway.install;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The console's live tail: a capped, sampled stream of what the gateway just did (a request answered, an install
 * sent to Kochava), with identifiers masked.
 *
 * <p>No cost when nobody watches: producers ask {@link #watching()} (one volatile read) before they build an
 * {@link Entry}. While someone watches, at most {@link #MAX_PER_SECOND} entries a second go out (the rest are
 * counted as {@code dropped}), the last {@link #KEEP} are kept for a watcher that joins, and at most
 * {@link #MAX_WATCHERS} watch at once: memory is bounded whatever the traffic.
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
  private final Deque<Entry> recent = new ArrayDeque<>(KEEP);
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean watching;
  private long windowSecond;
  private int windowCount;

  /** Whether anyone watches: producers check this before building an entry. */
  public boolean watching() {
    return watching;
  }

  /** Entries not sent because of the per-second cap since start. */
  public long dropped() {
    return dropped.get();
  }

  /** Offers an entry to the watchers (sampled past the cap). Any thread. */
  public void publish(Entry entry) {
    if (!watching) {
      return;
    }
    synchronized (this) {
      long second = entry.atMillis() / 1000;
      if (second != windowSecond) {
        windowSecond = second;
        windowCount = 0;
      }
      if (++windowCount > MAX_PER_SECOND) {
        dropped.incrementAndGet();
        return;
      }
      if (recent.size() == KEEP) {
        recent.removeFirst();
      }
      recent.addLast(entry);
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
    List<Entry> backlog;
    synchronized (this) {
      if (watchers.size() >= MAX_WATCHERS) {
        return java.util.Optional.empty();
      }
      backlog = new ArrayList<>(recent);
      watchers.add(sink);
      watching = true;
    }
    backlog.forEach(sink);
    return java.util.Optional.of(() -> {
      synchronized (LiveTail.this) {
        watchers.remove(sink);
        watching = !watchers.isEmpty();
        if (!watching) {
          recent.clear(); // nothing kept once nobody watches
        }
      }
    });
  }
}
