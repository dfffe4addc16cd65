package io.ctvgateway.journal;

import static io.ctvgateway.journal.Await.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A quiet journal does not keep settled records until a segment fills: the active segment is sealed past the
 * retention and deleted once its records are settled, identifiers and all.
 */
@Timeout(60)
class RetentionTest {
  @TempDir Path dir;

  private long segmentsHolding(String text) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith("segment-"))
          .filter(p -> {
            try {
              return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains(text);
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }).count();
    }
  }

  @Test
  void aSettledRecordInAQuietJournalIsDeletedWithinItsRetention() throws Exception {
    JournalOptions options = JournalOptions.defaults(dir).withRetention(Duration.ofMillis(1_000))
        .withCheckpointInterval(Duration.ofMillis(50));
    try (Journal journal = Journal.open(options)) {
      long seq = result(journal.append("rida=fa73d67d-f55c".getBytes(StandardCharsets.UTF_8)));
      journal.settle(seq);
      assertEquals(1, segmentsHolding("fa73d67d-f55c"), "in the active segment, which is far from full");
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (segmentsHolding("fa73d67d-f55c") > 0 && System.nanoTime() < deadline) {
        java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
      }
      assertEquals(0, segmentsHolding("fa73d67d-f55c"), "sealed past its retention, then deleted as settled");
      long next = result(journal.append("after".getBytes(StandardCharsets.UTF_8)));
      assertEquals(seq + 1, next, "the journal goes on in a new segment");
    }
    try (Journal journal = Journal.open(options)) {
      assertEquals(0, journal.recovery().corruptRecords(), "nothing counted lost for the retired segment");
      assertEquals(1, journal.recovery().unsettled());
    }
  }

  @Test
  void anUnsettledRecordIsKeptPastItsRetention() throws Exception {
    JournalOptions options = JournalOptions.defaults(dir).withRetention(Duration.ofMillis(1_000))
        .withCheckpointInterval(Duration.ofMillis(50));
    try (Journal journal = Journal.open(options)) {
      result(journal.append("pending-record".getBytes(StandardCharsets.UTF_8)));
      long until = System.nanoTime() + Duration.ofMillis(2_500).toNanos();
      while (System.nanoTime() < until) {
        java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
      }
      assertTrue(segmentsHolding("pending-record") == 1, "never deleted before it is settled");
    }
  }
}
