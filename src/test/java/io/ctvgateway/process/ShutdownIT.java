package io.ctvgateway.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.testing.Conditions;
import io.ctvgateway.testing.FakeKochava;
import io.ctvgateway.testing.GatewayProcess;
import io.ctvgateway.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM while installs are in flight and Kochava is unreachable: the jar refuses what it cannot keep with a
 * JSON 503, keeps everything it answered 202, and exits 0; the next start delivers all of it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShutdownIT {
  private static final int INSTALLS = 3_000;
  private static final int IN_FLIGHT = 32;
  private static final int TERMINATE_AFTER_ACCEPTED = 600;

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
  void sigtermWhileInstallsAreInFlightKeepsEvery202AndExitsZero(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    JsonObject config = TestGateway.config(data, "http://127.0.0.1:" + FakeKochava.freePort() + "/track/json");
    config.getJsonObject("delivery").put("max_attempts", 1_000_000);

    InstallStream stream;
    long stopMillis;
    try (GatewayProcess first = GatewayProcess.start(dir, "shutdown-run1", config, Map.of())) {
      stream = InstallStream.start(vertx, first.port(), "koctv-shutdown", INSTALLS, IN_FLIGHT, TERMINATE_AFTER_ACCEPTED);
      stream.markReached().await(60, TimeUnit.SECONDS);
      assertFalse(stream.done().isComplete(), "every install was answered before SIGTERM: nothing was in flight");
      long signalled = System.nanoTime();
      int exit = first.terminate();
      stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
      assertEquals(0, exit, first.output());
      assertTrue(first.output().contains("event=stopped"), first.output());
    }
    stream.done().await(60, TimeUnit.SECONDS);
    stream.close();

    Map<String, String> accepted = stream.accepted();
    assertTrue(accepted.size() >= TERMINATE_AFTER_ACCEPTED, "accepted " + accepted.size());
    Set<String> refused = new HashSet<>();
    for (InstallStream.Answer other : stream.others()) {
      assertEquals(503, other.status(), "only 202 or 503 may be answered: " + other);
      assertTrue(other.contentType() != null && other.contentType().startsWith("application/json"), other.toString());
      JsonObject error = new JsonObject(other.body()).getJsonObject("error");
      assertNotNull(error, other.toString());
      assertNotNull(error.getString("code"), other.toString());
      refused.add(other.rida());
    }

    // What the stopped process left on disk: every 202 with the receipt the TV got; nothing answered 503.
    Map<String, String> journaled = new HashMap<>();
    for (JournalFiles.Frame frame : JournalFiles.read(data.resolve("journal"))) {
      journaled.put(frame.rida(), frame.install().receipt().toString());
    }
    Set<String> missingOnDisk = accepted.entrySet().stream()
        .filter(e -> !e.getValue().equals(journaled.get(e.getKey())))
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
    assertEquals(Set.of(), missingOnDisk, "answered 202 but not in the journal after SIGTERM");
    Set<String> refusedButStored = new HashSet<>(refused);
    refusedButStored.retainAll(journaled.keySet());
    assertEquals(Set.of(), refusedButStored, "answered 503 (\"nothing was stored\") but in the journal");
    Set<String> unknown = new HashSet<>(journaled.keySet());
    unknown.removeAll(stream.ridas());
    assertEquals(Set.of(), unknown, "journal records that were never sent");

    FakeKochava kochava = FakeKochava.start(vertx);
    Arrivals arrivals = new Arrivals(kochava);
    config.getJsonObject("upstream").put("url", kochava.url());
    try (GatewayProcess second = GatewayProcess.start(dir, "shutdown-run2", config, Map.of())) {
      Conditions.await(vertx, "every install answered 202 at Kochava", () -> arrivals.containAll(accepted.keySet()));
      assertEquals(0, second.terminate(), second.output());
    }
    Map<String, Long> codes = stream.others().stream().collect(Collectors.groupingBy(
        a -> new JsonObject(a.body()).getJsonObject("error").getString("code"), Collectors.counting()));
    System.out.printf("ShutdownIT: sent %d, answered 202: %d, answered 503: %d %s, no answer: %d, "
            + "journaled: %d (stored without a 202 reaching the client: %d); SIGTERM to exit: %d ms%n",
        INSTALLS, accepted.size(), refused.size(), codes, stream.unanswered().size(), journaled.size(),
        journaled.size() - accepted.size(), stopMillis);
  }
}
