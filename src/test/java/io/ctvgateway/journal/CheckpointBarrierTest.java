package io.ctvgateway.journal;

import static io.ctvgateway.journal.Await.failure;
import static io.ctvgateway.journal.Await.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint forgets records only after its barrier (the ledger's key log on disk) has passed. */
class CheckpointBarrierTest {
  @TempDir Path dir;

  private JournalOptions smallSegments() {
    return JournalOptions.defaults(dir).withSegmentBytes(JournalOptions.MIN_SEGMENT_BYTES)
        .withCheckpointInterval(Duration.ofHours(1));
  }

  @Test
  void aFailingBarrierKeepsEverySettledRecordAndTheNextCheckpointForgetsThem() throws Exception {
    AtomicInteger barriers = new AtomicInteger();
    List<Boolean> fail = new ArrayList<>(List.of(true));
    try (Journal journal = Journal.open(smallSegments())) {
      journal.beforeCheckpoint(() -> {
        barriers.incrementAndGet();
        if (fail.get(0)) {
          throw new IOException("key log not on disk");
        }
      });
      for (int i = 1; i <= 20; i++) {
        result(journal.append(new byte[200]));
      }
      for (long seq = 1; seq <= 12; seq++) {
        journal.settle(seq);
      }
      IOException refused = assertThrows(IOException.class, journal::checkpointNow);
      assertEquals("key log not on disk", refused.getMessage());
      assertEquals(5, segmentFiles(), "no segment deleted while the barrier fails");
      assertFalse(Files.exists(dir.resolve(Checkpoint.FILE)), "no checkpoint written while the barrier fails");

      fail.set(0, false);
      journal.checkpointNow();
      assertEquals(2, segmentFiles());
      assertTrue(Files.exists(dir.resolve(Checkpoint.FILE)));
      assertEquals(2, barriers.get());
    }
  }

  @Test
  void aRestartAfterAFailedBarrierDeliversTheSettledRecordsAgainRatherThanForgetThem() throws Exception {
    try (Journal journal = Journal.open(smallSegments())) {
      for (int i = 1; i <= 5; i++) {
        result(journal.append(new byte[10]));
      }
      journal.settle(1);
      journal.settle(2);
      journal.beforeCheckpoint(() -> {
        throw new IOException("key log not on disk");
      });
    } // the final checkpoint fails too
    try (Journal journal = Journal.open(smallSegments())) {
      assertEquals(5, journal.recovery().unsettled());
    }
  }

  @Test
  void syncInNoneModeCompletesWithTheLastSeqAndFailsOnceClosed() throws Exception {
    Journal journal = Journal.open(JournalOptions.defaults(dir).withFsync(FsyncMode.NONE));
    try {
      assertEquals(0L, result(journal.sync()));
      for (int i = 1; i <= 100; i++) {
        journal.append(new byte[50]);
      }
      assertEquals(100L, result(journal.sync()), "a sync follows the appends made before it");
      long fsyncs = journal.stats().fsyncs();
      journal.syncNow();
      assertEquals(fsyncs + 1, journal.stats().fsyncs(), "NONE mode forces the active segment for a sync");
    } finally {
      journal.close();
    }
    assertEquals("journal is closed", failure(journal.sync()).getMessage());
    journal.syncNow(); // closed: the writer forced what it wrote when it stopped
  }

  @Test
  void inBatchModeASyncForcesNothingMore() throws Exception {
    try (Journal journal = Journal.open(JournalOptions.defaults(dir))) {
      for (int i = 1; i <= 10; i++) {
        result(journal.append(new byte[50]));
      }
      long fsyncs = journal.stats().fsyncs();
      assertEquals(10L, result(journal.sync()));
      assertEquals(fsyncs, journal.stats().fsyncs());
    }
  }

  /**
   * The key log's mode: no fsync, and appends that trickle in (one settle at a time) written once per window
   * rather than once each; a journal without fsync that does not collect writes each as it comes.
   */
  @Test
  void aCollectingJournalWritesTrickledAppendsAsOneBatchPerWindow() throws Exception {
    JournalOptions none = new JournalOptions(dir.resolve("plain"), FsyncMode.NONE, Duration.ofSeconds(1), 1024,
        64L << 20, Duration.ofHours(1));
    assertEquals(10, batchesFor(none), "without collect, each trickled append is a batch of its own");
    JournalOptions collecting = new JournalOptions(dir.resolve("collecting"), FsyncMode.NONE, Duration.ofSeconds(1),
        1024, 64L << 20, Duration.ofHours(1)).collecting();
    assertEquals(1, batchesFor(collecting), "collecting: the ten appends of one window are one write");
  }

  /** Ten appends 20 ms apart (well inside the 1 s window), then how many batches wrote them. */
  private static long batchesFor(JournalOptions options) throws Exception {
    try (Journal journal = Journal.open(options)) {
      List<io.vertx.core.Future<Long>> appended = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        appended.add(journal.append(new byte[32]));
        Thread.sleep(20);
      }
      for (io.vertx.core.Future<Long> seq : appended) {
        result(seq);
      }
      return journal.stats().batches();
    }
  }

  private long segmentFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith("segment-")).count();
    }
  }
}
