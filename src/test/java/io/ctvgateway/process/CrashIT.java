package io.ctvgateway.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.testing.Conditions;
import io.ctvgateway.testing.FakeKochava;
import io.ctvgateway.testing.FakeKochava.Answer;
import io.ctvgateway.testing.GatewayProcess;
import io.ctvgateway.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * "An install answered 202 is on disk": the packaged jar is SIGKILLed (no shutdown code runs) in the middle of
 * a stream of installs while Kochava is slow and failing one answer in four, so a backlog is waiting; started
 * again on the same data directory, it delivers every install it had answered 202.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CrashIT {
  private static final int INSTALLS = 2_400;
  private static final int IN_FLIGHT = 32;
  private static final int KILL_AFTER_ACCEPTED = 1_000;

  private Vertx vertx;
  private FakeKochava kochava;
  private final AtomicBoolean kochavaHealthy = new AtomicBoolean();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    AtomicLong requests = new AtomicLong();
    kochava = FakeKochava.start(vertx).otherwise(request -> {
      if (kochavaHealthy.get()) {
        return Answer.ok();
      }
      // Slow (250 ms per answer, 16 on the wire: under 64 answers a second) and one answer in four a 503.
      return requests.incrementAndGet() % 4 == 0
          ? new Answer(503, "{\"error\":\"maintenance\"}", null, 250)
          : new Answer(200, "{\"success\":\"1\"}", null, 250);
    });
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void everyAcceptedInstallSurvivesSigkill(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    JsonObject config = TestGateway.config(data, kochava.url());
    config.getJsonObject("journal").put("fsync", "batch");
    config.getJsonObject("delivery").put("max_attempts", 1_000_000);
    config.getJsonObject("upstream").put("max_in_flight", 16);

    InstallStream stream;
    long killedAt;
    try (GatewayProcess first = GatewayProcess.start(dir, "crash-run1", config, Map.of())) {
      stream = InstallStream.start(vertx, first.port(), "koctv-crash", INSTALLS, IN_FLIGHT, KILL_AFTER_ACCEPTED);
      stream.markReached().await(60, TimeUnit.SECONDS);
      first.kill();
      killedAt = System.nanoTime();
      assertFalse(first.process().isAlive());
    }
    stream.done().await(60, TimeUnit.SECONDS);
    stream.close();

    Map<String, String> accepted = stream.accepted();
    assertTrue(accepted.size() >= KILL_AFTER_ACCEPTED, "accepted " + accepted.size());
    assertTrue(accepted.size() < INSTALLS, "the kill came after every install was answered: nothing was mid-stream");
    for (InstallStream.Answer other : stream.others()) {
      assertEquals(503, other.status(), "only 202 or 503 may be answered: " + other);
    }

    // What the killed process left on disk: every 202 is a whole, verified record with the receipt the TV got.
    Map<String, String> journaled = new HashMap<>();
    for (JournalFiles.Frame frame : JournalFiles.read(data.resolve("journal"))) {
      journaled.put(frame.rida(), frame.install().receipt().toString());
    }
    Set<String> missingOnDisk = new HashSet<>();
    accepted.forEach((rida, receipt) -> {
      if (!receipt.equals(journaled.get(rida))) {
        missingOnDisk.add(rida);
      }
    });
    assertEquals(Set.of(), missingOnDisk, "answered 202 but not in the journal after SIGKILL (rida; receipt must match)");

    Set<String> atKochavaBeforeKill = ridas(kochava.accepted().stream().filter(r -> r.nanos() < killedAt).toList());
    Set<String> backlogAtKill = new HashSet<>(accepted.keySet());
    backlogAtKill.removeAll(atKochavaBeforeKill);
    assertFalse(backlogAtKill.isEmpty(), "Kochava had everything before the kill: the crash tested nothing");

    kochavaHealthy.set(true);
    Arrivals arrivals = new Arrivals(kochava);
    try (GatewayProcess second = GatewayProcess.start(dir, "crash-run2", config, Map.of())) {
      Conditions.await(vertx, "every install answered 202 at Kochava", () -> arrivals.containAll(accepted.keySet()));
      assertTrue(second.output().contains("event=journal_recovered dir=" + data.resolve("journal").toAbsolutePath()),
          second.output());
      assertEquals(0, second.terminate(), second.output());
    }

    assertTrue(arrivals.containAll(accepted.keySet()));
    long twice = arrivals.deliveredMoreThanOnce(accepted.keySet());
    System.out.printf("CrashIT: sent %d, answered 202: %d, other answers: %d, no answer: %d; "
            + "at Kochava before the kill: %d, backlog at the kill: %d; delivered twice: %d of %d%n",
        INSTALLS, accepted.size(), stream.others().size(), stream.unanswered().size(),
        atKochavaBeforeKill.size(), backlogAtKill.size(), twice, accepted.size());
  }

  private static Set<String> ridas(List<FakeKochava.Received> received) {
    return received.stream().map(r -> JournalFiles.ridaOf(r.json())).collect(Collectors.toSet());
  }
}
