package io.ctvgateway.journal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Journal} stores records. Validated on construction: a bad value fails with a
 * message naming the field and the value.
 *
 * @param dir the directory holding segments and the checkpoint (created if missing)
 * @param fsync when appends are forced to disk
 * @param batchWindow in {@link FsyncMode#BATCH}, the longest the writer lingers for more appends
 *     when load is high (see {@code JournalWriter}); zero never lingers
 * @param maxBatchRecords the most records one group commit covers
 * @param segmentBytes the size at which the writer starts a new segment file
 * @param checkpointInterval how often settled records are checkpointed and settled segments deleted
 * @param minFreeBytes appends that would leave the volume with less free space than this are refused with a
 *     {@link DiskLowException} (checked before every batch is written); 0 for none
 * @param retention the active segment is sealed once its first record is older than this, so that a quiet
 *     journal does not keep settled records (and their identifiers) until it fills a segment; zero for never
 * @param collect the writer collects appends for the whole {@code batchWindow} before it writes them (a journal whose
 *     appends nobody waits on closely, written without fsync: the ledger's key log); otherwise only BATCH lingers
 */
public record JournalOptions(
    Path dir,
    FsyncMode fsync,
    Duration batchWindow,
    int maxBatchRecords,
    long segmentBytes,
    Duration checkpointInterval,
    long minFreeBytes,
    Duration retention,
    boolean collect) {

  /** The smallest accepted segment size. */
  public static final long MIN_SEGMENT_BYTES = 1024;

  public JournalOptions {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(fsync, "fsync");
    Objects.requireNonNull(batchWindow, "batchWindow");
    Objects.requireNonNull(checkpointInterval, "checkpointInterval");
    if (batchWindow.isNegative() || batchWindow.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new IllegalArgumentException(
          "batchWindow must be between 0 and 1s, got " + batchWindow);
    }
    if (maxBatchRecords < 1) {
      throw new IllegalArgumentException("maxBatchRecords must be >= 1, got " + maxBatchRecords);
    }
    if (segmentBytes < MIN_SEGMENT_BYTES) {
      throw new IllegalArgumentException(
          "segmentBytes must be >= " + MIN_SEGMENT_BYTES + ", got " + segmentBytes);
    }
    if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
      throw new IllegalArgumentException(
          "checkpointInterval must be positive, got " + checkpointInterval);
    }
    Objects.requireNonNull(retention, "retention");
    if (minFreeBytes < 0) {
      throw new IllegalArgumentException("minFreeBytes must be >= 0, got " + minFreeBytes);
    }
  }

  /** Without a free-space floor (for tests and tools), as before floors existed. */
  public JournalOptions(Path dir, FsyncMode fsync, Duration batchWindow, int maxBatchRecords, long segmentBytes,
      Duration checkpointInterval) {
    this(dir, fsync, batchWindow, maxBatchRecords, segmentBytes, checkpointInterval, 0, Duration.ZERO, false);
  }

  /** Group commit with a 2 ms window, 1024 records a batch, 64 MiB segments, checkpoint each second. */
  public static JournalOptions defaults(Path dir) {
    return new JournalOptions(
        dir, FsyncMode.BATCH, Duration.ofMillis(2), 1024, 64L << 20, Duration.ofSeconds(1));
  }

  /** Full options but {@code collect} (false: the journal writes as appends come, or lingers in BATCH mode). */
  public JournalOptions(Path dir, FsyncMode fsync, Duration batchWindow, int maxBatchRecords, long segmentBytes,
      Duration checkpointInterval, long minFreeBytes, Duration retention) {
    this(dir, fsync, batchWindow, maxBatchRecords, segmentBytes, checkpointInterval, minFreeBytes, retention, false);
  }

  /** A copy whose writer collects appends for the whole batch window (see {@code collect}). */
  public JournalOptions collecting() {
    return new JournalOptions(dir, fsync, batchWindow, maxBatchRecords, segmentBytes, checkpointInterval, minFreeBytes,
        retention, true);
  }

  /** A copy with another fsync mode. */
  public JournalOptions withFsync(FsyncMode mode) {
    return new JournalOptions(dir, mode, batchWindow, maxBatchRecords, segmentBytes, checkpointInterval, minFreeBytes,
        retention, collect);
  }

  /** A copy with another segment size. */
  public JournalOptions withSegmentBytes(long bytes) {
    return new JournalOptions(dir, fsync, batchWindow, maxBatchRecords, bytes, checkpointInterval, minFreeBytes,
        retention, collect);
  }

  /** A copy with another checkpoint interval. */
  public JournalOptions withCheckpointInterval(Duration interval) {
    return new JournalOptions(dir, fsync, batchWindow, maxBatchRecords, segmentBytes, interval, minFreeBytes,
        retention, collect);
  }

  /** A copy with another free-space floor. */
  public JournalOptions withMinFreeBytes(long bytes) {
    return new JournalOptions(dir, fsync, batchWindow, maxBatchRecords, segmentBytes, checkpointInterval, bytes,
        retention, collect);
  }

  /** A copy with another retention. */
  public JournalOptions withRetention(Duration duration) {
    return new JournalOptions(dir, fsync, batchWindow, maxBatchRecords, segmentBytes, checkpointInterval, minFreeBytes,
        duration, collect);
  }
}
