package io.ctvgateway.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.testing.Conditions;
import io.ctvgateway.testing.FakeKochava;
import io.ctvgateway.testing.GatewayProcess;
import io.ctvgateway.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal damaged between two runs of the jar (the last segment cut in the middle of its last record, bytes
 * flipped inside one record in an earlier segment): the next start succeeds, counts and logs both, and
 * delivers exactly the intact records.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CorruptJournalIT {
  private static final int INSTALLS = 40;

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void startsOnADamagedJournalDeliversEveryIntactRecordAndCountsTheDamagedOnes(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    Path journal = data.resolve("journal").toAbsolutePath();
    JsonObject config = TestGateway.config(data, "http://127.0.0.1:" + FakeKochava.freePort() + "/track/json");
    config.getJsonObject("delivery").put("max_attempts", 1_000_000);
    // Small segments, so that the journal has several and a record in the middle is not in the last one.
    config.getJsonObject("journal").put("segment_bytes", 4096);

    InstallStream stream;
    try (GatewayProcess first = GatewayProcess.start(dir, "corrupt-run1", config, Map.of())) {
      stream = InstallStream.start(vertx, first.port(), "koctv-corrupt", INSTALLS, 4, INSTALLS);
      stream.done().await(60, TimeUnit.SECONDS);
      stream.close();
      assertEquals(0, first.terminate(), first.output());
    }
    Map<String, String> accepted = stream.accepted();
    assertEquals(INSTALLS, accepted.size(), "every install is accepted while Kochava is down: " + stream.others());

    List<JournalFiles.Frame> frames = JournalFiles.read(journal);
    assertEquals(accepted.keySet(), frames.stream().map(JournalFiles.Frame::rida).collect(Collectors.toSet()));
    List<Path> segments = JournalFiles.segments(journal);
    assertTrue(segments.size() >= 3, "want at least 3 segments, got " + segments);

    // A record in the middle: in a middle segment, followed by another record of that segment.
    Path middle = segments.get(segments.size() / 2);
    List<JournalFiles.Frame> inMiddle = frames.stream().filter(f -> f.segment().equals(middle)).toList();
    assertTrue(inMiddle.size() >= 2, "want 2 records in " + middle + ", got " + inMiddle.size());
    JournalFiles.Frame flipped = inMiddle.get(inMiddle.size() >= 3 ? 1 : 0);
    flipBytes(middle, flipped.offset() + JournalFiles.HEADER_BYTES + flipped.payloadLength() / 2, 8);

    // The last record of the last segment, cut in half: a torn tail.
    Path last = segments.get(segments.size() - 1);
    JournalFiles.Frame torn = frames.get(frames.size() - 1);
    assertEquals(last, torn.segment());
    int tornBytes = torn.frameBytes() / 2;
    try (FileChannel channel = FileChannel.open(last, StandardOpenOption.WRITE)) {
      channel.truncate(torn.offset() + tornBytes);
      channel.force(true);
    }

    Set<String> intact = new HashSet<>(accepted.keySet());
    intact.remove(flipped.rida());
    intact.remove(torn.rida());
    assertEquals(INSTALLS - 2, intact.size());

    FakeKochava kochava = FakeKochava.start(vertx);
    Arrivals arrivals = new Arrivals(kochava);
    config.getJsonObject("upstream").put("url", kochava.url());
    String output;
    try (GatewayProcess second = GatewayProcess.start(dir, "corrupt-run2", config, Map.of())) {
      Conditions.await(vertx, "every intact record at Kochava", () -> arrivals.containAll(intact));
      assertEquals(0, second.terminate(), second.output());
      output = second.output();
    }

    assertEquals(intact, arrivals.ridas(), "exactly the intact records are delivered");
    assertLogged(output, "event=journal_recovered dir=" + journal + " records=" + (INSTALLS - 2)
        + " unsettled=" + (INSTALLS - 2) + " corrupt_records=1 torn_tail_bytes=" + tornBytes + " ");
    assertLogged(output, "level=WARN logger=Recovery event=journal_corrupt_region segment=" + middle.getFileName()
        + " offset=" + flipped.offset() + " bytes=" + flipped.frameBytes() + " resumed_at_seq=" + (flipped.seq() + 1));
    assertLogged(output, "level=WARN logger=Recovery event=journal_records_lost dir=" + journal + " from_seq=" + flipped.seq()
        + " to_seq=" + flipped.seq() + " lost_records=1 next_intact_in=" + middle.getFileName());
    assertLogged(output, "level=WARN logger=Recovery event=journal_torn_tail segment=" + last.getFileName()
        + " offset=" + torn.offset() + " bytes=" + tornBytes);
    // Nothing is left waiting: the damaged records are not pending somewhere, they are gone and counted.
    assertTrue(Pattern.compile("event=journal_closed dir=" + Pattern.quote(journal.toString()) + " appended=0 fsyncs=\\d+ "
        + "unsettled=0 ").matcher(output).find(), output);
    System.out.printf("CorruptJournalIT: %d records in %d segments; flipped seq %d in %s, tore seq %d (%d of %d "
            + "bytes left); delivered %d of %d%n", frames.size(), segments.size(), flipped.seq(),
        middle.getFileName(), torn.seq(), tornBytes, torn.frameBytes(), intact.size(), INSTALLS);
  }

  private static void flipBytes(Path file, long at, int count) throws Exception {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer bytes = ByteBuffer.allocate(count);
      channel.read(bytes, at);
      for (int i = 0; i < count; i++) {
        bytes.put(i, (byte) ~bytes.get(i));
      }
      bytes.rewind();
      channel.write(bytes, at);
      channel.force(true);
    }
  }

  private static void assertLogged(String output, String line) {
    assertTrue(output.contains(line), "missing log line: " + line + "\n" + output);
  }
}
