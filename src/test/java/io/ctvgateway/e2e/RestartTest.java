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
      first.await("delivery", () -> kochava.accepted().size() == 1);
    }
    try (TestGateway second = TestGateway.start(vertx, TestGateway.config(data, kochava.url()))) {
      var again = second.install("roku", install(rida));
      assertEquals(200, again.statusCode());
      assertEquals("duplicate", again.bodyAsJsonObject().getString("status"));
      assertEquals(receipt, again.bodyAsJsonObject().getString("receipt"));
      assertEquals(202, second.install("roku", install(UUID.randomUUID().toString())).statusCode());
      second.await("the new install delivered", () -> kochava.accepted().size() == 2);
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
}
