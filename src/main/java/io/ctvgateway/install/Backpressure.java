package io.ctvgateway.install;

import io.ctvgateway.config.JournalConfig;
import java.util.Objects;

/**
 * Says no before anything is stored: when the unsettled backlog passes its limit (records or bytes), when the
 * data volume's free space is under its floor, or while the gateway shuts down. Free space is sampled off the
 * event loop by the owner ({@link #freeDiskBytes(long)}). Asked on every request: it reads the journal's
 * maintained gauges (atomics and volatiles), never a lock.
 *
 * <p>Design note: an exact backlog limit. Checking "unsettled &lt; limit" and then appending lets every event
 * loop pass the check at once and overshoot by the appends in flight. So an append first takes a place
 * ({@link #reserve}: increment, then check durable + in flight), and gives it back once it is durable (then it
 * counts as unsettled) or failed. The journal counts a record as unsettled before it completes its append,
 * so a record may be counted twice for a moment (a refusal a microsecond early), never zero times.
 */
public final class Backpressure {
  private final InstallQueue queue;
  private final JournalConfig limits;
  private final java.util.concurrent.atomic.AtomicLong inFlight = new java.util.concurrent.atomic.AtomicLong();
  private volatile long freeDiskBytes = Long.MAX_VALUE;
  private volatile boolean closing;

  public Backpressure(InstallQueue queue, JournalConfig limits) {
    this.queue = Objects.requireNonNull(queue, "queue");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** Records the latest free-space sample of the data volume. */
  public void freeDiskBytes(long bytes) {
    this.freeDiskBytes = bytes;
  }

  /** The last sample of free space on the data volume ({@code Long.MAX_VALUE} before the first). */
  public long freeDiskBytes() {
    return freeDiskBytes;
  }

  /** The free space below which installs are refused ({@code disk_low}). */
  public long minFreeDiskBytes() {
    return limits.minFreeDiskBytes();
  }

  /** From now on every install is refused: the gateway is stopping. */
  public void close() {
    this.closing = true;
  }

  /**
   * Takes a place in the backlog for one append; false (nothing taken) when the backlog is full. Every true
   * must be followed by one {@link #release} once the append has completed, either way.
   */
  public boolean reserve() {
    long appending = inFlight.incrementAndGet();
    if (queue.unsettledRecords() + appending > limits.maxUnsettledRecords()) {
      inFlight.decrementAndGet();
      return false;
    }
    return true;
  }

  /** Gives back a place {@link #reserve} took. */
  public void release() {
    inFlight.decrementAndGet();
  }

  /** Null when installs may be taken, else why not. */
  public Refusal.Reason refusal() {
    if (closing) {
      return Refusal.Reason.SHUTTING_DOWN;
    }
    if (!queue.takesAppends()) {
      return Refusal.Reason.STORAGE_UNAVAILABLE; // an fsync failed: nothing is appended until a restart
    }
    if (freeDiskBytes < limits.minFreeDiskBytes() || queue.diskLow()) {
      return Refusal.Reason.DISK_LOW;
    }
    if (queue.unsettledRecords() >= limits.maxUnsettledRecords()
        || queue.unsettledBytes() >= limits.maxUnsettledBytes()) {
      return Refusal.Reason.BACKLOG_FULL;
    }
    return null;
  }
}
