package io.ctvgateway.journal;

import static io.ctvgateway.journal.Await.result;
import static io.ctvgateway.journal.Await.seqs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalCorruptionTest {
  private static final int RECORDS = 10;
  private static final int PAYLOAD = 100;
  private static final int FRAME = FrameCodec.frameBytes(PAYLOAD);

  @TempDir Path original;
  @TempDir Path copy;

  @BeforeEach
  void writeTenRecordsAndCopy() throws Exception {
    try (Journal journal = Journal.open(JournalOptions.defaults(original))) {
      for (int i = 0; i < RECORDS; i++) {
        byte[] payload = new byte[PAYLOAD];
        java.util.Arrays.fill(payload, (byte) ('a' + i));
        result(journal.append(payload));
      }
    }
    try (Stream<Path> files = Files.list(original)) {
      for (Path file : files.collect(Collectors.toList())) {
        Files.copy(file, copy.resolve(file.getFileName()));
      }
    }
  }

  @Test
  void tornTailIsTruncatedAndTheIntactRecordsComeBack() throws Exception {
    Path torn = lastSegment();
    try (FileChannel ch = FileChannel.open(torn, StandardOpenOption.WRITE)) {
      ch.truncate((long) RECORDS * FRAME - 7);
    }
    try (Journal journal = Journal.open(JournalOptions.defaults(copy))) {
      assertEquals(FRAME - 7, journal.recovery().tornTailBytes());
      assertEquals(0, journal.recovery().corruptRecords());
      assertEquals(seqsFrom1To(RECORDS - 1), seqs(result(journal.poll(100))));
      assertEquals((long) RECORDS, result(journal.append(new byte[1])));
    }
    assertEquals((long) (RECORDS - 1) * FRAME, Files.size(torn));
  }

  @Test
  void corruptRecordInTheMiddleIsCountedAndSkipped() throws Exception {
    int corrupted = 4;
    try (FileChannel ch = FileChannel.open(lastSegment(), StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {0x00, 0x7f, 0x13}),
          (long) corrupted * FRAME + FrameCodec.HEADER_BYTES + 40);
    }
    try (Journal journal = Journal.open(JournalOptions.defaults(copy))) {
      assertEquals(1, journal.recovery().corruptRecords());
      assertEquals(0, journal.recovery().tornTailBytes());
      List<Long> expected = seqsFrom1To(RECORDS);
      expected.remove(Long.valueOf(corrupted + 1));
      assertEquals(expected, seqs(result(journal.poll(100))));
    }
  }

  @Test
  void garbageLengthInTheMiddleIsSkippedByResynchronizing() throws Exception {
    try (FileChannel ch = FileChannel.open(lastSegment(), StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.allocate(4).putInt(0, 0x7fffffff), 2L * FRAME + 4);
    }
    try (Journal journal = Journal.open(JournalOptions.defaults(copy))) {
      assertEquals(1, journal.recovery().corruptRecords());
      List<JournalRecord> records = result(journal.poll(100));
      assertEquals(RECORDS - 1, records.size());
      assertTrue(seqs(records).stream().noneMatch(seq -> seq == 3L));
    }
  }

  private Path lastSegment() throws IOException {
    try (Stream<Path> files = Files.list(copy)) {
      return files.filter(p -> p.getFileName().toString().startsWith("segment-"))
          .max(Path::compareTo).orElseThrow();
    }
  }

  private static List<Long> seqsFrom1To(int last) {
    return LongStream.rangeClosed(1, last).boxed().collect(Collectors.toList());
  }
}
