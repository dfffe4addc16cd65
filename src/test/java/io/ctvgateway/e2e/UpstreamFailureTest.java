package io.ctvgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.delivery.DeadLetters;
import io.ctvgateway.delivery.Delivery;
import io.ctvgateway.testing.FakeKochava;
import io.ctvgateway.testing.GatewayTestBase;
import io.ctvgateway.testing.FakeKochava.Answer;
import io.ctvgateway.testing.LogCapture;
import io.ctvgateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Kochava failing: retryable answers are retried after a backoff, final ones are dead-lettered with why. */
@Timeout(60)
class UpstreamFailureTest extends GatewayTestBase {

  static JsonObject install(String rida) {
    return new JsonObject().put("app_id", "koctv-fail").put("ids", new JsonObject().put("rida", rida))
        .put("os_version", "12.0.0.4186").put("model", "3920X");
  }

  @Test
  void twoServiceUnavailableAnswersThenSuccessDeliversOnceAfterBackoff() throws Exception {
    kochava.script(Answer.status(503, "busy"), Answer.status(503, "busy"));

    assertEquals(202, gateway.install("roku", install(UUID.randomUUID().toString())).statusCode());

    gateway.await("delivery after two 503s", () -> gateway.gateway().deliveryStats().delivered() == 1);
    List<FakeKochava.Received> attempts = kochava.attempts();
    assertEquals(3, attempts.size());
    assertEquals(attempts.get(0).body(), attempts.get(2).body(), "the retry sends the very same bytes");
    // Equal jitter: the n-th retry waits at least half of initial_backoff_ms * 2^(n-1) (20 ms in tests).
    assertTrue(attempts.get(1).nanos() - attempts.get(0).nanos() >= TimeUnit.MILLISECONDS.toNanos(10));
    assertTrue(attempts.get(2).nanos() - attempts.get(1).nanos() >= TimeUnit.MILLISECONDS.toNanos(20));
    assertEquals(2, gateway.gateway().deliveryStats().retried());
    assertEquals(1, gateway.gateway().deliveryStats().delivered());
    assertEquals(0, gateway.gateway().deliveryStats().deadLettered());
  }

  @Test
  void badRequestFromKochavaIsNotRetriedAndIsDeadLetteredWithTheReason() throws Exception {
    String bad = UUID.randomUUID().toString();
    String good = UUID.randomUUID().toString();
    kochava.otherwise(r -> r.body().contains(bad) ? Answer.status(400, "{\"error\":\"invalid kochava_app_id\"}") : Answer.ok());
    try (LogCapture log = LogCapture.of(Delivery.class)) {
      assertEquals(202, gateway.install("roku", install(bad)).statusCode());
      gateway.await("the dead letter", () -> gateway.gateway().deliveryStats().deadLettered() == 1);
      assertEquals(202, gateway.install("roku", install(good)).statusCode());
      gateway.await("the good install", () -> kochava.accepted().size() == 1);

      assertEquals(1, kochava.attempts().stream().filter(r -> r.body().contains(bad)).count(), "sent once, not retried");
      List<DeadLetters.Entry> letters = gateway.gateway().deadLetters().list(0, 10).await(10, TimeUnit.SECONDS);
      assertEquals(1, letters.size());
      assertEquals("rejected", letters.get(0).letter().reason());
      assertEquals(400, letters.get(0).letter().status());
      assertEquals("{\"error\":\"invalid kochava_app_id\"}", letters.get(0).letter().upstreamBody());
      assertTrue(letters.get(0).letter().install().body().contains(bad));
      assertTrue(log.lines().stream().anyMatch(line -> line.startsWith("WARN event=rejected_by_upstream")
          && line.contains("status=400") && line.contains("invalid kochava_app_id")), String.valueOf(log.lines()));
    }
  }

  @Test
  void recordThatKeepsFailingGoesToDeadLettersAfterMaxAttemptsNotSilently() throws Exception {
    gateway.close();
    JsonObject config = TestGateway.config(java.nio.file.Files.createTempDirectory("max-attempts"), kochava.url());
    config.getJsonObject("delivery").put("max_attempts", 3).put("breaker_failures", 100);
    gateway = TestGateway.start(vertx, config);
    kochava.otherwise(r -> Answer.status(502, "bad gateway"));

    assertEquals(202, gateway.install("roku", install(UUID.randomUUID().toString())).statusCode());

    gateway.await("the dead letter", () -> gateway.gateway().deliveryStats().deadLettered() == 1);
    assertEquals(3, kochava.attempts().size());
    DeadLetters.Entry letter = gateway.gateway().deadLetters().list(0, 10).await(10, TimeUnit.SECONDS).get(0);
    assertEquals("max_attempts", letter.letter().reason());
    assertEquals(502, letter.letter().status());
    assertEquals(3, letter.letter().attempts());
    gateway.await("the journal settles", () -> gateway.gateway().journal().stats().unsettledRecords() == 0);
  }

  @Test
  void unauthorizedIsRetriedSlowlyAndLoudlyAndNeverDeadLettered() throws Exception {
    gateway.close();
    JsonObject config = TestGateway.config(java.nio.file.Files.createTempDirectory("misconfigured"), kochava.url());
    config.getJsonObject("delivery").put("max_attempts", 2).put("misconfigured_retry_ms", 100);
    gateway = TestGateway.start(vertx, config);
    kochava.script(Answer.status(403, "{\"error\":\"bad api key\"}"), Answer.status(403, "{\"error\":\"bad api key\"}"),
        Answer.status(401, "unauthorized"));
    try (LogCapture log = LogCapture.of(Delivery.class)) {
      assertEquals(202, gateway.install("roku", install(UUID.randomUUID().toString())).statusCode());

      gateway.await("delivery once the key is fixed", () -> kochava.accepted().size() == 1);
      assertEquals(4, kochava.attempts().size(), "three refusals, then success: more than max_attempts, no dead letter");
      assertEquals(0, gateway.gateway().deliveryStats().deadLettered());
      assertEquals(3, gateway.gateway().deliveryStats().misconfigured());
      assertTrue(log.lines().stream().filter(l -> l.startsWith("ERROR event=upstream_misconfigured")).count() >= 3);
      // Slow: each retry waited misconfigured_retry_ms, not the short backoff.
      List<FakeKochava.Received> attempts = kochava.attempts();
      assertTrue(attempts.get(1).nanos() - attempts.get(0).nanos() >= TimeUnit.MILLISECONDS.toNanos(100));
    }
  }
}
