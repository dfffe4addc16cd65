package io.ctvgateway.journal;

import static io.ctvgateway.journal.Await.payload;
import static io.ctvgateway.journal.Await.result;
import static io.ctvgateway.journal.Await.seqs;
import static io.ctvgateway.journal.Await.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalRestartTest {
  @TempDir Path dir;

  @Test
  void restartRedeliversExactlyTheUnsettledRecordsAndContinuesTheSeq() throws Exception {
    try (Journal journal = Journal.open(JournalOptions.defaults(dir))) {
      appendAll(journal, 10);
      for (long seq : new long[] {9, 2, 5, 3, 1}) {
        journal.settle(seq);
      }
    }
    try (Journal journal = Journal.open(JournalOptions.defaults(dir))) {
      assertEquals(5, journal.recovery().unsettled());
      assertEquals(5, journal.stats().unsettledRecords());
      List<JournalRecord> records = result(journal.poll(100));
      assertEquals(List.of(4L, 6L, 7L, 8L, 10L), seqs(records));
      assertEquals(List.of("r4", "r6", "r7", "r8", "r10"), texts(records));
      assertEquals(11L, result(journal.append(payload("r11"))));
    }
  }

  @Test
  void settledRecordsStaySettledAcrossTwoRestarts() throws Exception {
    try (Journal journal = Journal.open(JournalOptions.defaults(dir))) {
      appendAll(journal, 3);
      journal.settle(1);
    }
    try (Journal journal = Journal.open(JournalOptions.defaults(dir))) {
      journal.settle(3);
    }
    try (Journal journal = Journal.open(JournalOptions.defaults(dir))) {
      assertEquals(List.of(2L), seqs(result(journal.poll(10))));
    }
  }

  @Test
  void settledSegmentsAreDeletedAfterACheckpoint() throws Exception {
    JournalOptions options = JournalOptions.defaults(dir)
        .withSegmentBytes(JournalOptions.MIN_SEGMENT_BYTES)
        .withCheckpointInterval(Duration.ofHours(1));
    try (Journal journal = Journal.open(options)) {
      for (int i = 1; i <= 20; i++) {
        result(journal.append(new byte[200]));
      }
      assertEquals(5, segmentFiles());
      for (long seq = 12; seq >= 1; seq--) {
        journal.settle(seq);
      }
      journal.checkpointNow();
      assertEquals(2, segmentFiles());
      assertEquals(2, journal.stats().segments());
    }
    try (Journal journal = Journal.open(options)) {
      assertEquals(List.of(13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L), seqs(result(journal.poll(100))));
      assertEquals(21L, result(journal.append(new byte[10])));
    }
  }

  @Test
  void corruptCheckpointRedeliversEverything() throws Exception {
    settleAllButWriteNothingElse();
    Files.write(dir.resolve(Checkpoint.FILE), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
        14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28});
    try (Journal journal = Journal.open(JournalOptions.defaults(dir))) {
      assertEquals(List.of(1L, 2L, 3L), seqs(result(journal.poll(10))));
    }
  }

  @Test
  void missingCheckpointRedeliversEverything() throws Exception {
    settleAllButWriteNothingElse();
    Files.delete(dir.resolve(Checkpoint.FILE));
    try (Journal journal = Journal.open(JournalOptions.defaults(dir))) {
      assertEquals(List.of(1L, 2L, 3L), seqs(result(journal.poll(10))));
      assertEquals(4L, result(journal.append(payload("next"))));
    }
  }

  private void settleAllButWriteNothingElse() throws Exception {
    try (Journal journal = Journal.open(JournalOptions.defaults(dir))) {
      appendAll(journal, 3);
      journal.settle(1);
      journal.settle(2);
      journal.settle(3);
    }
  }

  private static void appendAll(Journal journal, int n) throws Exception {
    for (int i = 1; i <= n; i++) {
      result(journal.append(payload("r" + i)));
    }
  }

  private long segmentFiles() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith("segment-")).count();
    }
  }
}
