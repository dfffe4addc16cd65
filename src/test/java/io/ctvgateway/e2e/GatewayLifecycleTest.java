package io.ctvgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ctvgateway.Gateway;
import io.ctvgateway.config.ConfigLoader;
import io.ctvgateway.config.GatewayConfig;
import io.ctvgateway.testing.Conditions;
import io.ctvgateway.testing.FakeKochava;
import io.ctvgateway.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Start and stop as a whole: what a start opens, a failed start closes. */
@Timeout(60)
class GatewayLifecycleTest {
  /** The threads of the three journals (install journal, dead letters, key log). */
  private static final Pattern JOURNAL_THREAD = Pattern.compile("ctvgw-(journal|dead-letters|ledger)-(writer|reader|checkpoint)");

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static long journalThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && JOURNAL_THREAD.matcher(t.getName()).matches())
        .count();
  }

  @Test
  void aDeliveryAnsweredWhileTheGatewayStopsIsSettledBeforeItsStoresClose(@TempDir Path data) throws Exception {
    FakeKochava kochava = FakeKochava.start(vertx);
    // Kochava answers 300 ms after the request: the stop below begins while the send is on the wire.
    kochava.otherwise(received -> new FakeKochava.Answer(200, "{\"success\":\"1\"}", null, 300));
    TestGateway gateway = TestGateway.start(vertx, TestGateway.config(data, kochava.url()));
    assertEquals(202, gateway.install("roku", UpstreamFailureTest.install(java.util.UUID.randomUUID().toString()))
        .statusCode());
    gateway.await("the install on the wire", () -> kochava.attempts().size() == 1);
    gateway.close();
    assertEquals(1, kochava.accepted().size());
    // Delivered during the stop's grace, and settled before the journals closed: the next start sends nothing.
    try (io.ctvgateway.journal.Journal journal = io.ctvgateway.journal.Journal.open(
        io.ctvgateway.journal.JournalOptions.defaults(data.resolve("journal")))) {
      assertEquals(0, journal.unsettledRecords());
    }
  }

  @Test
  void aStoreThatCannotOpenClosesTheJournalsOpenedBeforeIt(@TempDir Path data) throws Exception {
    long before = journalThreads();
    FakeKochava kochava = FakeKochava.start(vertx);
    // The key log's directory is a file: the install journal and the dead letters open, then the ledger fails.
    Files.writeString(data.resolve("ledger"), "not a directory");
    GatewayConfig parsed = ConfigLoader.fromJson(TestGateway.config(data, kochava.url()), Map.of(), new Properties());
    assertThrows(Exception.class, () -> Gateway.start(vertx, parsed, Clock.systemUTC()).await(30, TimeUnit.SECONDS));
    Conditions.await(vertx, "the journal threads of the failed start to end", () -> journalThreads() == before);
  }

  @Test
  void aStartThatFailsToDeployClosesTheJournalsAndTheLedgerItOpened(@TempDir Path data) throws Exception {
    long before = journalThreads();
    FakeKochava kochava = FakeKochava.start(vertx);
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      JsonObject config = TestGateway.config(data, kochava.url());
      config.getJsonObject("admin").put("port", taken.getLocalPort());
      GatewayConfig parsed = ConfigLoader.fromJson(config, Map.of(), new Properties());
      assertThrows(Exception.class, () -> Gateway.start(vertx, parsed, Clock.systemUTC()).await(30, TimeUnit.SECONDS),
          "the admin port is taken");
    }
    Conditions.await(vertx, "the journal threads of the failed start to end", () -> journalThreads() == before);
    // And the data directory is free for the next start, which serves.
    try (TestGateway gateway = TestGateway.start(vertx, TestGateway.config(data, kochava.url()))) {
      assertEquals(202, gateway.install("roku", UpstreamFailureTest.install(java.util.UUID.randomUUID().toString()))
          .statusCode());
    }
  }

  /**
   * With {@code http.port} 0, every ingest instance listens on the one announced port (before, each bound a random
   * port of its own and only the first one's was announced, so one event loop served everything), and two gateways
   * in one process still get a port each.
   */
  @Test
  void everyIngestInstanceListensOnTheAnnouncedPortAndTwoGatewaysOnTwoPorts(@TempDir Path data) throws Exception {
    FakeKochava kochava = FakeKochava.start(vertx);
    try (TestGateway one = TestGateway.start(vertx, TestGateway.config(data.resolve("one"), kochava.url()));
        TestGateway two = TestGateway.start(vertx, TestGateway.config(data.resolve("two"), kochava.url()))) {
      assertEquals(2, one.gateway().httpPorts().size() + two.gateway().httpPorts().size(),
          "one port per gateway: " + one.gateway().httpPorts() + ", " + two.gateway().httpPorts());
      assertEquals(java.util.Set.of(one.port()), one.gateway().httpPorts());
      assertEquals(java.util.Set.of(two.port()), two.gateway().httpPorts());
      assertNotEquals(one.port(), two.port());
      assertEquals(202, one.install("roku", UpstreamFailureTest.install(java.util.UUID.randomUUID().toString()))
          .statusCode());
      assertEquals(202, two.install("roku", UpstreamFailureTest.install(java.util.UUID.randomUUID().toString()))
          .statusCode());
    }
  }
}
