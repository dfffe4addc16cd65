package io.ctvgateway.journal;

/**
 * A cheap, point-in-time view of the journal, for metrics, readiness and backpressure.
 *
 * @param appendedRecords records made durable since the journal was opened
 * @param fsyncs fsync calls on segment data since the journal was opened
 * @param unsettledRecords records on disk that are neither delivered nor dead-lettered
 * @param unsettledBytes approximate bytes on disk from the low-water mark to the end of the journal:
 *     whole segments above the low-water mark plus the share of the segment holding it, pro-rated
 *     by sequence number. Settled records above the low-water mark still count. Meant for
 *     backpressure, not for accounting.
 * @param corruptRecords records lost to corruption, found by the recovery scan
 * @param tornTailBytes bytes truncated off a torn segment tail by the recovery scan
 * @param segments segment files currently on disk
 * @param batches group-commit batches written since the journal was opened
 * @param queuedAppends appends waiting for the writer thread
 * @param lowWaterMark every record with a lower sequence number is settled
 * @param lastSeq the highest sequence number assigned so far (0 when none ever was)
 */
public record JournalStats(
    long appendedRecords,
    long fsyncs,
    long unsettledRecords,
    long unsettledBytes,
    long corruptRecords,
    long tornTailBytes,
    int segments,
    long batches,
    int queuedAppends,
    long lowWaterMark,
    long lastSeq) {

  /** Records per group-commit batch since the journal was opened, 0 before the first batch. */
  public double meanBatchSize() {
    return batches == 0 ? 0 : (double) appendedRecords / batches;
  }
}
