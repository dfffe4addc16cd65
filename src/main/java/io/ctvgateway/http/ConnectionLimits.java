package io.ctvgateway.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps on open connections, in total and per client address (the TCP peer: a connection is capped before it
 * has sent a byte, so no {@code X-Forwarded-For} can be read), shared by every server instance of a port. A
 * connection over a cap is closed at once. The total stays below the process's descriptor limit, so that a flood
 * of idle connections cannot starve the journal, the disk sampler or the profile reloader of file descriptors.
 */
public final class ConnectionLimits {
  private final int maxTotal;
  private final int maxPerAddress;
  private final AtomicInteger open = new AtomicInteger();
  private final java.util.concurrent.atomic.AtomicLong opened = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong refused = new java.util.concurrent.atomic.AtomicLong();
  private final ConcurrentMap<String, AtomicInteger> byAddress = new ConcurrentHashMap<>();

  public ConnectionLimits(int maxTotal, int maxPerAddress) {
    this.maxTotal = maxTotal;
    this.maxPerAddress = maxPerAddress;
  }

  /** Takes a place for a new connection from {@code address}; false (nothing taken) when a cap is reached. */
  public boolean open(String address) {
    if (open.incrementAndGet() > maxTotal) {
      open.decrementAndGet();
      refused.incrementAndGet();
      return false;
    }
    AtomicInteger mine = byAddress.computeIfAbsent(address, a -> new AtomicInteger());
    if (mine.incrementAndGet() > maxPerAddress) {
      close(address);
      refused.incrementAndGet();
      return false;
    }
    opened.incrementAndGet();
    return true;
  }

  /** Gives back the place of a connection {@link #open} admitted. */
  public void close(String address) {
    open.decrementAndGet();
    byAddress.computeIfPresent(address, (a, count) -> count.decrementAndGet() <= 0 ? null : count);
  }

  public int openConnections() {
    return open.get();
  }

  /** Connections admitted since the start. */
  public long openedConnections() {
    return opened.get();
  }

  /** Connections closed at once because a cap was reached, since the start. */
  public long refusedConnections() {
    return refused.get();
  }
}
