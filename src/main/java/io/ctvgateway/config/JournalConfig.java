package io.ctvgateway.config;

import io.ctvgateway.journal.FsyncMode;
import io.ctvgateway.journal.JournalOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The on-disk journal and the backlog limits that protect it.
 *
 * @param fsync {@code batch} (group commit, default), {@code each} (one fsync per record) or {@code none}
 *     (throughput tests only: a power loss may lose what was answered 202)
 * @param batchWindowMicros how long the writer may wait for more appends to share one fsync
 * @param maxBatchRecords appends written with one fsync at most
 * @param segmentBytes size at which a segment file is rolled
 * @param checkpointIntervalMs how often what is settled is checkpointed and settled segments deleted
 * @param maxUnsettledRecords backlog (accepted, not yet delivered) above which ingest answers 503
 * @param maxUnsettledBytes backlog on disk above which ingest answers 503
 * @param minFreeDiskBytes free space on the data volume below which ingest answers 503
 * @param retentionMs the install journal's active segment is sealed once its first record is older than this,
 *     so settled records (and the identifiers in them) are deleted within about this time of their delivery
 */
public record JournalConfig(
    FsyncMode fsync,
    long batchWindowMicros,
    int maxBatchRecords,
    long segmentBytes,
    long checkpointIntervalMs,
    long maxUnsettledRecords,
    long maxUnsettledBytes,
    long minFreeDiskBytes,
    long retentionMs) {

  public JournalConfig {
    Objects.requireNonNull(fsync, "journal.fsync");
    Checks.range("journal.batch_window_micros", batchWindowMicros, 0, 1_000_000);
    Checks.range("journal.max_batch_records", maxBatchRecords, 1, 100_000);
    Checks.range("journal.segment_bytes", segmentBytes, 4096, 1L << 32);
    Checks.range("journal.checkpoint_interval_ms", checkpointIntervalMs, 10, 600_000);
    Checks.range("journal.max_unsettled_records", maxUnsettledRecords, 1, Long.MAX_VALUE);
    Checks.range("journal.max_unsettled_bytes", maxUnsettledBytes, 4096, Long.MAX_VALUE);
    Checks.range("journal.min_free_disk_bytes", minFreeDiskBytes, 0, Long.MAX_VALUE);
    Checks.range("journal.retention_ms", retentionMs, 1_000, 30L * 86_400_000);
  }

  static JournalConfig from(ConfigNode node) {
    JournalConfig config = new JournalConfig(
        Checks.oneOf("journal.fsync", node.string("fsync", "batch"), FsyncMode.class),
        node.integer("batch_window_micros", 500),
        node.int32("max_batch_records", 1024),
        node.integer("segment_bytes", 64L << 20),
        node.integer("checkpoint_interval_ms", 1_000),
        node.integer("max_unsettled_records", 2_000_000),
        node.integer("max_unsettled_bytes", 4L << 30),
        node.integer("min_free_disk_bytes", 512L << 20),
        node.integer("retention_ms", 3_600_000));
    node.rejectUnknownKeys();
    return config;
  }

  /**
   * The options of one journal of the gateway in {@code dir}: the dead letters and the key log (what drains the
   * install journal) have no floor, so the space the install journal leaves free is theirs.
   */
  public JournalOptions options(Path dir) {
    return new JournalOptions(dir, fsync, Duration.ofNanos(batchWindowMicros * 1_000), maxBatchRecords, segmentBytes,
        Duration.ofMillis(checkpointIntervalMs), 0, Duration.ZERO);
  }

  /** The install journal's options: appends keep {@code min_free_disk_bytes} free on the volume, exactly. */
  public JournalOptions installJournalOptions(Path dir) {
    return options(dir).withMinFreeBytes(minFreeDiskBytes).withRetention(Duration.ofMillis(retentionMs));
  }
}
