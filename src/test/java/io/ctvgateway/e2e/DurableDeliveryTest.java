package io.ctvgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.delivery.DeadLetters;
import io.ctvgateway.testing.FakeKochava;
import io.ctvgateway.testing.FakeKochava.Answer;
import io.ctvgateway.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Kochava down, Kochava refusing one install, the backlog full: accepted installs are kept and delivered. */
@Timeout(120)
class DurableDeliveryTest {
  private Vertx vertx;
  private TestGateway gateway;
  private Path data;

  @BeforeEach
  void start(@TempDir Path data) {
    this.data = data;
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    vertx.close().await();
  }

  static JsonObject install(String rida) {
    return new JsonObject().put("app_id", "koctv-durable").put("ids", new JsonObject().put("rida", rida))
        .put("os_version", "12.0.0.4186").put("model", "3920X");
  }

  @Test
  void kochavaRefusingConnectionsThenFailingThenUpGetsEveryAcceptedInstallWithBoundedMemory() throws Exception {
    int port = FakeKochava.freePort();
    JsonObject config = TestGateway.config(data, "http://127.0.0.1:" + port + "/track/json");
    config.getJsonObject("delivery").put("window", 16).put("max_backoff_ms", 100);
    gateway = TestGateway.start(vertx, config);
    AtomicLong maxWindow = new AtomicLong();
    long sampler = vertx.setPeriodic(2, id -> maxWindow.accumulateAndGet(gateway.gateway().deliveryStats().inWindow(), Math::max));

    Set<String> accepted = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      String rida = UUID.randomUUID().toString();
      assertEquals(202, gateway.install("roku", install(rida)).statusCode());
      accepted.add(rida);
    }
    gateway.await("retries against a refused port", () -> gateway.gateway().deliveryStats().retried() >= 5);
    // Kochava comes up answering 503 for a while, then recovers.
    AtomicBoolean healthy = new AtomicBoolean();
    FakeKochava kochava = FakeKochava.start(vertx, port)
        .otherwise(r -> healthy.get() ? Answer.ok() : Answer.status(503, "maintenance"));
    gateway.await("503s from Kochava", () -> kochava.attempts().size() >= 5);
    healthy.set(true);

    gateway.await("every accepted install delivered", () -> kochava.accepted().size() >= accepted.size());
    vertx.cancelTimer(sampler);
    Set<String> delivered = new HashSet<>();
    kochava.accepted().forEach(r -> delivered.add(r.json().getJsonObject("data").getJsonObject("device_ids").getString("rida")));
    assertEquals(accepted, delivered);
    assertEquals(0, gateway.gateway().deliveryStats().deadLettered());
    assertTrue(maxWindow.get() <= 16, "at most delivery.window records in memory, saw " + maxWindow.get());
    gateway.await("the journal settles", () -> gateway.gateway().journal().stats().unsettledRecords() == 0);
  }

  @Test
  void rejectedInstallIsDeadLetteredOthersAreDeliveredAndRequeueingDeliversIt() throws Exception {
    FakeKochava kochava = FakeKochava.start(vertx);
    gateway = TestGateway.start(vertx, TestGateway.config(data, kochava.url()));
    String bad = UUID.randomUUID().toString();
    AtomicBoolean fixed = new AtomicBoolean();
    kochava.otherwise(r -> r.body().contains(bad) && !fixed.get() ? Answer.status(400, "{\"error\":\"app paused\"}") : Answer.ok());

    assertEquals(202, gateway.install("roku", install(bad)).statusCode());
    for (int i = 0; i < 20; i++) {
      assertEquals(202, gateway.install("roku", install(UUID.randomUUID().toString())).statusCode());
    }
    gateway.await("20 delivered and 1 dead letter", () -> kochava.accepted().size() == 20
        && gateway.gateway().deliveryStats().deadLettered() == 1);
    DeadLetters deadLetters = gateway.gateway().deadLetters();
    List<DeadLetters.Entry> letters = deadLetters.list(0, 10).await(10, TimeUnit.SECONDS);
    assertEquals(1, letters.size());
    assertEquals("rejected", letters.get(0).letter().reason());
    assertEquals(400, letters.get(0).letter().status());
    assertTrue(letters.get(0).letter().install().original().contains(bad), "the original request is kept");

    fixed.set(true);
    assertEquals(1, deadLetters.requeueAll().await(10, TimeUnit.SECONDS));

    gateway.await("the re-queued install delivered", () -> kochava.accepted().stream().anyMatch(r -> r.body().contains(bad)));
    assertEquals(0, deadLetters.list(0, 10).await(10, TimeUnit.SECONDS).size());
    assertEquals(21, kochava.accepted().size());
  }

  @Test
  void fullBacklogAnswers503WithRetryAfterStoresNothingAndRecoversWhenDrained() throws Exception {
    FakeKochava kochava = FakeKochava.start(vertx);
    AtomicBoolean down = new AtomicBoolean(true);
    kochava.otherwise(r -> down.get() ? Answer.status(503, "down") : Answer.ok());
    JsonObject config = TestGateway.config(data, kochava.url());
    config.getJsonObject("journal").put("max_unsettled_records", 5);
    gateway = TestGateway.start(vertx, config);

    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      statuses.add(gateway.install("roku", install(UUID.randomUUID().toString())).statusCode());
    }
    assertEquals(List.of(202, 202, 202, 202, 202), statuses);
    HttpResponse<Buffer> refused = gateway.install("roku", install(UUID.randomUUID().toString()));
    assertEquals(503, refused.statusCode());
    assertEquals("30", refused.getHeader("Retry-After"));
    assertEquals("backlog_full", refused.bodyAsJsonObject().getJsonObject("error").getString("code"));
    assertEquals(5, gateway.gateway().journal().stats().appendedRecords(), "nothing stored for the 503");

    down.set(false);
    gateway.await("the backlog drained", () -> gateway.gateway().journal().stats().unsettledRecords() == 0);
    assertEquals(202, gateway.install("roku", install(UUID.randomUUID().toString())).statusCode());
    gateway.await("all six delivered", () -> kochava.accepted().size() == 6);
  }

  @Test
  void lowDiskAnswers503WithRetryAfterAndStoresNothing() throws Exception {
    FakeKochava kochava = FakeKochava.start(vertx);
    JsonObject config = TestGateway.config(data, kochava.url());
    config.getJsonObject("journal").put("min_free_disk_bytes", Long.MAX_VALUE / 2);
    gateway = TestGateway.start(vertx, config);

    gateway.await("the disk sample", () -> "disk_low".equals(gateway.gateway().refusal()));
    HttpResponse<Buffer> refused = gateway.install("roku", install(UUID.randomUUID().toString()));
    assertEquals(503, refused.statusCode());
    assertEquals("60", refused.getHeader("Retry-After"));
    assertEquals("disk_low", refused.bodyAsJsonObject().getJsonObject("error").getString("code"));
    assertEquals(0, gateway.gateway().journal().stats().appendedRecords());
  }

}
