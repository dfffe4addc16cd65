package io.ctvgateway.journal;

import static io.ctvgateway.journal.Await.result;
import static io.ctvgateway.journal.Await.seqs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage to whole segments is counted exactly, by the sequence numbers no intact record carries: a sealed
 * segment cut short, zeroed or deleted reports the very number of records it held that were not settled.
 */
class SegmentDamageTest {
  private static final int PAYLOAD = 200;
  private static final int RECORDS = 60;

  @TempDir Path dir;
  private List<Path> segments;

  private JournalOptions options() {
    return JournalOptions.defaults(dir).withSegmentBytes(2_048); // 9 records a segment
  }

  @BeforeEach
  void writeSeveralSegments() throws Exception {
    try (Journal journal = Journal.open(options())) {
      for (int i = 0; i < RECORDS; i++) {
        result(journal.append(new byte[PAYLOAD]));
      }
    }
    segments = segmentFiles();
    assertTrue(segments.size() >= 5, "segments: " + segments);
  }

  private List<Path> segmentFiles() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith("segment-"))
          .sorted((a, b) -> Long.compare(first(a), first(b))).toList();
    }
  }

  private static long first(Path segment) {
    return Segment.parseFirstSeq(segment.getFileName().toString());
  }

  /** Records in the i-th segment: the next segment's first seq minus its own. */
  private long recordsIn(int i) {
    return first(segments.get(i + 1)) - first(segments.get(i));
  }

  private long recovered(Journal journal) throws Exception {
    return seqs(result(journal.poll(1_000))).size();
  }

  @Test
  void aSealedSegmentCutInHalfCountsEveryRecordItLost() throws Exception {
    Path middle = segments.get(2);
    long size = Files.size(middle);
    try (FileChannel ch = FileChannel.open(middle, StandardOpenOption.WRITE)) {
      ch.truncate(size / 2);
    }
    try (Journal journal = Journal.open(options())) {
      long lost = journal.recovery().corruptRecords();
      assertEquals(RECORDS, recovered(journal) + lost, "every record is either recovered or counted lost");
      assertTrue(lost > 1 && lost < recordsIn(2), "lost " + lost + " of the segment's " + recordsIn(2));
      assertEquals(0, journal.recovery().tornTailBytes(), "a sealed segment's cut is not a torn tail");
    }
  }

  @Test
  void aZeroedSegmentCountsEveryRecordItHeld() throws Exception {
    Path middle = segments.get(1);
    Files.write(middle, new byte[(int) Files.size(middle)]);
    try (Journal journal = Journal.open(options())) {
      assertEquals(recordsIn(1), journal.recovery().corruptRecords());
      assertEquals(RECORDS - recordsIn(1), recovered(journal));
    }
  }

  @Test
  void aDeletedMiddleSegmentCountsEveryRecordItHeld() throws Exception {
    Files.delete(segments.get(3));
    try (Journal journal = Journal.open(options())) {
      assertEquals(recordsIn(3), journal.recovery().corruptRecords());
      assertEquals(RECORDS - recordsIn(3), recovered(journal));
    }
  }

  @Test
  void aSegmentDeletedAfterItsRecordsWereSettledLosesNothing() throws Exception {
    try (Journal journal = Journal.open(options())) {
      for (long seq = first(segments.get(0)); seq < first(segments.get(2)); seq++) {
        journal.settle(seq);
      }
      journal.checkpointNow(); // deletes the two settled segments, as in production
    }
    try (Journal journal = Journal.open(options())) {
      assertEquals(0, journal.recovery().corruptRecords());
      assertEquals(RECORDS - (first(segments.get(2)) - 1), recovered(journal));
    }
  }
}
