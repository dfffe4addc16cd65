package io.ctvgateway.journal;

import static io.ctvgateway.journal.Await.payload;
import static io.ctvgateway.journal.Await.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitTest {
  private static final int RECORDS = 2_000;

  @TempDir Path dir;

  @Test
  void concurrentAppendsInBatchModeShareFsyncs() throws Exception {
    try (Journal journal = Journal.open(JournalOptions.defaults(dir))) {
      appendConcurrently(journal, RECORDS);
      JournalStats stats = journal.stats();
      assertEquals(RECORDS, stats.appendedRecords());
      assertTrue(stats.fsyncs() < RECORDS, "fsyncs " + stats.fsyncs() + " must be < " + RECORDS);
      assertTrue(stats.meanBatchSize() > 1, "mean batch " + stats.meanBatchSize());
    }
  }

  @Test
  void eachModeFsyncsEveryRecord() throws Exception {
    try (Journal journal = Journal.open(JournalOptions.defaults(dir).withFsync(FsyncMode.EACH))) {
      appendConcurrently(journal, 50);
      assertEquals(50, journal.stats().fsyncs());
    }
  }

  @Test
  void concurrentAppendsGetDistinctConsecutiveSeqs() throws Exception {
    try (Journal journal = Journal.open(JournalOptions.defaults(dir))) {
      List<Long> seqs = appendConcurrently(journal, 500);
      assertEquals(500, seqs.stream().distinct().count());
      assertEquals(1L, seqs.stream().mapToLong(Long::longValue).min().orElseThrow());
      assertEquals(500L, seqs.stream().mapToLong(Long::longValue).max().orElseThrow());
    }
  }

  private static List<Long> appendConcurrently(Journal journal, int records) throws Exception {
    List<Future<Long>> appends = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      appends.add(journal.append(payload("install-" + i)));
    }
    List<Long> seqs = new ArrayList<>();
    for (Future<Long> append : appends) {
      seqs.add(result(append));
    }
    return seqs;
  }
}
