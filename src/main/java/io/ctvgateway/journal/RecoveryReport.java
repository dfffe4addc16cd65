package io.ctvgateway.journal;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@link Journal#open(JournalOptions)} found on disk.
 *
 * @param records intact records found in the segments (settled or not)
 * @param unsettled records that will be delivered again through {@link Journal#poll(int)}
 * @param corruptRecords unsettled records lost to damage, counted exactly by the sequence numbers that
 *     no intact record carries (corrupt regions, cut or zeroed segments, deleted segments)
 * @param tornTailBytes bytes cut off the end of a segment because they did not form a whole record
 * @param took how long the recovery scan took
 */
public record RecoveryReport(
    long records, long unsettled, long corruptRecords, long tornTailBytes, Duration took) {
  public RecoveryReport {
    Objects.requireNonNull(took, "took");
  }
}
