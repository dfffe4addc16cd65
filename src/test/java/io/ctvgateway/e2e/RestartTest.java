package io.ctvgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ctvgateway.testing.FakeKochava;
import io.ctvgateway.testing.FakeKochava.Answer;
import io.ctvgateway.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What the gateway knew before a restart, it knows after: accepted installs and the install ledger. */
@Timeout(60)
class RestartTest {
  private Vertx vertx;
  private FakeKochava kochava;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    kochava = FakeKochava.start(vertx);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  static JsonObject install(String rida) {
    return new JsonObject().put("app_id", "koctv-restart").put("ids", new JsonObject().put("rida", rida))
        .put("os_version", "12.0.0.4186").put("model", "3920X");
  }

  @Test
  void duplicateSentAfterARestartIsStillAnsweredDuplicateWithTheFirstReceipt(@TempDir Path data) throws Exception {
    String rida = UUID.randomUUID().toString();
    String receipt;
    try (TestGateway first = TestGateway.start(vertx, TestGateway.config(data, kochava.url()))) {
      var answer = first.install("roku", install(rida));
      assertEquals(202, answer.statusCode());
      receipt = answer.bodyAsJsonObject().getString("receipt");
      first.await("delivery settled", () -> first.gateway().journal().stats().unsettledRecords() == 0
          && first.gateway().deliveryStats().delivered() == 1);
    }
    try (TestGateway second = TestGateway.start(vertx, TestGateway.config(data, kochava.url()))) {
      var again = second.install("roku", install(rida));
      assertEquals(200, again.statusCode());
      assertEquals("duplicate", again.bodyAsJsonObject().getString("status"));
      assertEquals(receipt, again.bodyAsJsonObject().getString("receipt"));
      String other = UUID.randomUUID().toString();
      assertEquals(202, second.install("roku", install(other)).statusCode());
      second.await("the new install delivered", () -> kochava.accepted().stream().anyMatch(r -> r.body().contains(other)));
      assertEquals(1, kochava.accepted().stream().filter(r -> r.body().contains(rida)).count());
    }
  }

  @Test
  void installsAcceptedWhileKochavaWasDownAreDeliveredAfterARestart(@TempDir Path data) throws Exception {
    kochava.otherwise(r -> Answer.status(503, "down"));
    try (TestGateway first = TestGateway.start(vertx, TestGateway.config(data, kochava.url()))) {
      for (int i = 0; i < 25; i++) {
        assertEquals(202, first.install("roku", install(UUID.randomUUID().toString())).statusCode());
      }
      first.await("a failed delivery attempt", () -> kochava.attempts().size() >= 3);
    }
    kochava.otherwise(r -> Answer.ok());
    try (TestGateway second = TestGateway.start(vertx, TestGateway.config(data, kochava.url()))) {
      second.await("the 25 installs delivered", () -> kochava.accepted().size() == 25);
      assertEquals(25, second.gateway().journal().recovery().unsettled());
    }
  }

  @Test
  void duplicateOfAnInstallStillWaitingForKochavaAtTheRestartIsStillADuplicate(@TempDir Path data) throws Exception {
    kochava.otherwise(r -> Answer.status(503, "down"));
    String rida = UUID.randomUUID().toString();
    String receipt;
    try (TestGateway first = TestGateway.start(vertx, TestGateway.config(data, kochava.url()))) {
      var answer = first.install("roku", install(rida));
      assertEquals(202, answer.statusCode());
      receipt = answer.bodyAsJsonObject().getString("receipt");
    }
    try (TestGateway second = TestGateway.start(vertx, TestGateway.config(data, kochava.url()))) {
      // Its key is only in its unsettled journal record: the ledger recovered it from there.
      var again = second.install("roku", install(rida));
      assertEquals(200, again.statusCode());
      assertEquals(receipt, again.bodyAsJsonObject().getString("receipt"));
      kochava.otherwise(r -> Answer.ok());
      second.await("the install delivered and settled", () -> second.gateway().journal().stats().unsettledRecords() == 0
          && second.gateway().deliveryStats().delivered() == 1);
    }
    try (TestGateway third = TestGateway.start(vertx, TestGateway.config(data, kochava.url()))) {
      // Delivered and settled: now the key log holds it.
      assertEquals(receipt, third.install("roku", install(rida)).bodyAsJsonObject().getString("receipt"));
    }
    assertEquals(1, kochava.accepted().size());
  }
}
