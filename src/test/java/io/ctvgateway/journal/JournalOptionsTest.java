package io.ctvgateway.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JournalOptionsTest {
  private static final Path DIR = Path.of("journal");

  @Test
  void defaultsUseGroupCommit() {
    JournalOptions options = JournalOptions.defaults(DIR);
    assertEquals(FsyncMode.BATCH, options.fsync());
    assertEquals(DIR, options.dir());
  }

  @Test
  void rejectsNegativeBatchWindowNamingTheField() {
    assertMessage("batchWindow", () -> new JournalOptions(DIR, FsyncMode.BATCH,
        Duration.ofMillis(-1), 10, 1 << 20, Duration.ofSeconds(1)));
  }

  @Test
  void rejectsEmptyBatchesNamingTheField() {
    assertMessage("maxBatchRecords", () -> new JournalOptions(DIR, FsyncMode.BATCH,
        Duration.ZERO, 0, 1 << 20, Duration.ofSeconds(1)));
  }

  @Test
  void rejectsTinySegmentsNamingTheField() {
    assertMessage("segmentBytes", () -> JournalOptions.defaults(DIR).withSegmentBytes(100));
  }

  @Test
  void rejectsZeroCheckpointIntervalNamingTheField() {
    assertMessage("checkpointInterval",
        () -> JournalOptions.defaults(DIR).withCheckpointInterval(Duration.ZERO));
  }

  private static void assertMessage(String field, Runnable build) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::run);
    assertTrue(e.getMessage().startsWith(field + " must"), e.getMessage());
  }
}
