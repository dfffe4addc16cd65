package io.ctvgateway.ingest;

import io.ctvgateway.config.JournalConfig;
import io.ctvgateway.journal.Journal;
import io.ctvgateway.journal.JournalStats;
import java.util.Objects;

/**
 * Says no before anything is stored: when the unsettled backlog passes its limit (records or bytes), when the
 * data volume's free space is under its floor, or while the gateway shuts down. Each refusal is a 503 with
 * {@code Retry-After}. Free space is sampled off the event loop by the owner ({@link #freeDiskBytes(long)}).
 */
public final class Backpressure {
  private final Journal journal;
  private final JournalConfig limits;
  private volatile long freeDiskBytes = Long.MAX_VALUE;
  private volatile boolean closing;

  public Backpressure(Journal journal, JournalConfig limits) {
    this.journal = Objects.requireNonNull(journal, "journal");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** Records the latest free-space sample of the data volume. */
  public void freeDiskBytes(long bytes) {
    this.freeDiskBytes = bytes;
  }

  /** From now on every install is refused with 503: the gateway is stopping. */
  public void close() {
    this.closing = true;
  }

  /** Null when installs may be taken, else why not (for readiness). */
  public String refusal() {
    if (closing) {
      return "shutting_down";
    }
    if (freeDiskBytes < limits.minFreeDiskBytes()) {
      return "disk_low";
    }
    JournalStats stats = journal.stats();
    if (stats.unsettledRecords() >= limits.maxUnsettledRecords()
        || stats.unsettledBytes() >= limits.maxUnsettledBytes()) {
      return "backlog_full";
    }
    return null;
  }

  void check() {
    String refusal = refusal();
    if (refusal == null) {
      return;
    }
    switch (refusal) {
      case "shutting_down" -> throw ApiException.unavailable(refusal,
          "the gateway is shutting down; nothing was stored, send it again", 5);
      case "disk_low" -> throw ApiException.unavailable(refusal,
          "the gateway's disk is almost full; nothing was stored, send it again later", 60);
      default -> throw ApiException.unavailable(refusal,
          "the gateway's backlog to Kochava is full; nothing was stored, send it again later", 30);
    }
  }
}
