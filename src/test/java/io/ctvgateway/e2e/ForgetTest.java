package io.ctvgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.testing.FakeKochava.Answer;
import io.ctvgateway.testing.GatewayTestBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Forgetting a device (a privacy request): its ledger key goes (its next install is new), its pending record
 * is never delivered, its dead letters are gone, and once the journals roll no file under data_dir holds its ids.
 */
@Timeout(60)
class ForgetTest extends GatewayTestBase {
  private Path data;
  private final AtomicBoolean up = new AtomicBoolean();

  @Override
  protected JsonObject configure(JsonObject config) {
    data = Path.of(config.getString("data_dir"));
    config.getJsonObject("journal").put("retention_ms", 1_000);
    return config;
  }

  private boolean anyFileContains(String... needles) throws Exception {
    return io.ctvgateway.testing.DataFiles.anyContains(data, needles);
  }

  @Test
  void aForgottenDeviceIsGoneFromTheLedgerTheBacklogTheDeadLettersAndTheDisk() throws Exception {
    String channelClientId = UUID.randomUUID().toString().replace("-", "");
    String rida = UUID.randomUUID().toString();
    JsonObject device = new JsonObject().put("app_id", "koctv-forget")
        .put("ids", new JsonObject().put("channel_client_id", channelClientId).put("rida", rida))
        .put("os_version", "12.0.0.4186").put("model", "3920X");
    kochava.script(Answer.status(400, "{\"error\":\"bad\"}"));
    kochava.otherwise(r -> up.get() ? Answer.ok() : Answer.status(503, "down"));
    assertEquals(202, gateway.install("roku", device).statusCode());
    gateway.await("the install dead-lettered", () -> gateway.gateway().deliveryStats().deadLettered() == 1);
    assertEquals(202, gateway.post("/v1/roku/event", java.util.Map.of("Content-Type", "application/json"),
        Buffer.buffer(device.copy().put("event_name", "play").encode())).statusCode());
    gateway.await("the event retried", () -> kochava.attempts().size() >= 2);

    int admin = gateway.gateway().adminPort();
    HttpResponse<Buffer> forgotten = gateway.client().post(admin, "127.0.0.1", "/forget/roku")
        .sendJsonObject(device).await(10, TimeUnit.SECONDS);
    assertEquals(200, forgotten.statusCode(), forgotten.bodyAsString());
    JsonObject removed = forgotten.bodyAsJsonObject().getJsonObject("forgotten");
    assertTrue(removed.getBoolean("ledger_key_removed"));
    assertEquals(1, removed.getInteger("dead_letters_removed"));
    assertEquals(0, gateway.gateway().deadLetters().list(0, 10).await(10, TimeUnit.SECONDS).size(),
        "gone from the listing");

    int attemptsBefore = kochava.attempts().size();
    up.set(true);
    gateway.await("the pending event dropped", () -> gateway.gateway().deliveryStats().forgotten() == 1);
    assertFalse(kochava.attempts().subList(attemptsBefore, kochava.attempts().size()).stream()
        .anyMatch(r -> r.body().contains(channelClientId)), "its pending record is never delivered");

    gateway.await("no file under data_dir holds its ids once the journals roll", () -> {
      try {
        return !anyFileContains(channelClientId, rida, rida.replace("-", ""));
      } catch (Exception e) {
        return false;
      }
    });
    HttpResponse<Buffer> again = gateway.install("roku", device);
    assertEquals(202, again.statusCode(), "its next install is accepted again: " + again.bodyAsString());
  }

  @Test
  void deadLettersPastTheirRetentionAreDropped() throws Exception {
    kochava.script(Answer.status(400, "{\"error\":\"bad\"}"));
    JsonObject install = new JsonObject().put("app_id", "koctv-forget")
        .put("ids", new JsonObject().put("rida", UUID.randomUUID().toString()))
        .put("os_version", "12.0.0.4186").put("model", "3920X");
    assertEquals(202, gateway.install("roku", install).statusCode());
    gateway.await("dead-lettered", () -> gateway.gateway().deadLetters().size() == 1);
    var letters = gateway.gateway().deadLetters();
    assertEquals(0, letters.purgeOlderThan(System.currentTimeMillis() - 60_000).await(10, TimeUnit.SECONDS),
        "a minute-old cutoff keeps a letter that just died");
    assertEquals(1, letters.purgeOlderThan(System.currentTimeMillis() + 1).await(10, TimeUnit.SECONDS));
    assertEquals(0, letters.size());
  }

  @Test
  void aForgetRequestWithoutIdsIsA400NamingTheField() throws Exception {
    HttpResponse<Buffer> bad = gateway.client().post(gateway.gateway().adminPort(), "127.0.0.1", "/forget/roku")
        .sendJsonObject(new JsonObject().put("app_id", "koctv-forget")).await(10, TimeUnit.SECONDS);
    assertEquals(400, bad.statusCode());
    assertEquals("ids", bad.bodyAsJsonObject().getJsonObject("error").getString("field"));
  }
}
