package io.ctvgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.testing.FakeKochava;
import io.ctvgateway.testing.GatewayTestBase;
import io.ctvgateway.testing.FakeKochava.Answer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Post-install events, one at a time and in batches, travel like installs and after them. */
@Timeout(60)
class EventsEndToEndTest extends GatewayTestBase {
  static final String CCID = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6";


  static JsonObject device(String rida) {
    return new JsonObject()
        .put("app_id", "koctv-events")
        .put("app_version", "2.0.1")
        .put("ids", new JsonObject().put("channel_client_id", CCID).put("rida", rida))
        .put("os_version", "12.0.0.4186")
        .put("model", "3920X")
        .put("usertime", 1_700_000_000L);
  }

  private HttpResponse<Buffer> post(String path, JsonObject body) throws Exception {
    return gateway.post(path, Map.of("Content-Type", "application/json"), Buffer.buffer(body.encode()));
  }

  @Test
  void eventArrivesWithTheInstallsDeviceResolutionAndKochavaDeviceId() throws Exception {
    String rida = UUID.randomUUID().toString();
    assertEquals(202, post("/v1/roku/install", device(rida)).statusCode());
    JsonObject event = device(rida)
        .put("usertime", 1_700_000_500L)
        .put("event_name", "purchase")
        .put("event_data", new JsonObject().put("sku", "tv-pass").put("price", 4.99))
        .put("currency", "USD");

    HttpResponse<Buffer> answer = post("/v1/roku/event", event);

    assertEquals(202, answer.statusCode(), answer.bodyAsString());
    assertEquals("accepted", answer.bodyAsJsonObject().getString("status"));
    gateway.await("install and event at Kochava", () -> kochava.accepted().size() == 2);
    JsonObject install = kochava.accepted().get(0).json();
    JsonObject got = kochava.accepted().get(1).json();
    assertEquals("install", install.getString("action"));
    JsonObject expected = new JsonObject()
        .put("action", "event")
        .put("kochava_app_id", "koctv-events")
        .put("kochava_device_id", install.getString("kochava_device_id"))
        .put("data", new JsonObject()
            .put("event_name", "purchase")
            .put("event_data", new JsonObject().put("sku", "tv-pass").put("price", 4.99))
            .put("currency", "USD")
            .put("usertime", "1700000500")
            .put("app_version", "2.0.1")
            .put("origination_ip", "127.0.0.1")
            .put("device_ua", "Roku%2FDVP-12.0%20(12.0.0.4186)")
            .put("device_ver", "3920X-RokuOS-12.0.0")
            .put("device_ids", new JsonObject().put("udid", CCID).put("rida", rida)));
    assertEquals(expected, got);
    assertEquals("Roku/DVP-12.0 (12.0.0.4186)", kochava.accepted().get(1).userAgent());
  }

  @Test
  void eventWaitsForItsPendingInstallEvenWhileTheInstallIsRetried() throws Exception {
    String rida = UUID.randomUUID().toString();
    kochava.otherwise(r -> r.json().getString("action").equals("install") && !installRetried(r) ? Answer.status(503, "busy")
        : Answer.ok());
    assertEquals(202, post("/v1/roku/install", device(rida)).statusCode());
    assertEquals(202, post("/v1/roku/event", device(rida).put("event_name", "launch")).statusCode());
    assertEquals(202, post("/v1/roku/event", device(rida).put("event_name", "play")).statusCode());

    gateway.await("all three at Kochava", () -> kochava.accepted().size() == 3);
    List<FakeKochava.Received> attempts = kochava.attempts();
    assertEquals("install", attempts.get(0).json().getString("action"));
    assertEquals("install", attempts.get(1).json().getString("action"), "the retry, before any event");
    assertEquals(List.of("install", "launch", "play"), kochava.accepted().stream()
        .map(r -> r.json().getString("action").equals("install") ? "install"
            : r.json().getJsonObject("data").getString("event_name")).toList());
  }

  private final java.util.concurrent.atomic.AtomicInteger installAttempts = new java.util.concurrent.atomic.AtomicInteger();

  private boolean installRetried(FakeKochava.Received request) {
    return installAttempts.incrementAndGet() > 1;
  }

  @Test
  void repeatedEventIdIsADuplicateWithTheFirstReceipt() throws Exception {
    String rida = UUID.randomUUID().toString();
    JsonObject event = device(rida).put("event_name", "level_up").put("event_id", "evt-42");
    HttpResponse<Buffer> first = post("/v1/roku/event", event);
    HttpResponse<Buffer> again = post("/v1/roku/event", event);
    JsonObject otherDevice = device(UUID.randomUUID().toString())
        .put("ids", new JsonObject().put("rida", UUID.randomUUID().toString()))
        .put("event_name", "level_up").put("event_id", "evt-42");
    HttpResponse<Buffer> sameIdOtherDevice = post("/v1/roku/event", otherDevice);
    HttpResponse<Buffer> noId1 = post("/v1/roku/event", device(rida).put("event_name", "tick"));
    HttpResponse<Buffer> noId2 = post("/v1/roku/event", device(rida).put("event_name", "tick"));

    assertEquals(202, first.statusCode());
    assertEquals(200, again.statusCode());
    assertEquals("duplicate", again.bodyAsJsonObject().getString("status"));
    assertEquals(first.bodyAsJsonObject().getString("receipt"), again.bodyAsJsonObject().getString("receipt"));
    assertEquals(202, sameIdOtherDevice.statusCode(), "event ids are scoped to the device");
    assertEquals(202, noId1.statusCode());
    assertEquals(202, noId2.statusCode(), "without event_id, events are never duplicates");
    gateway.await("four events at Kochava", () -> kochava.accepted().size() == 4);
  }

  @Test
  void batchAnswersEachItemAndOneBadItemDoesNotRejectTheOthers() throws Exception {
    String rida = UUID.randomUUID().toString();
    JsonObject batch = device(rida).put("events", new JsonArray()
        .add(new JsonObject().put("event_name", "launch").put("usertime", 1_700_000_001L))
        .add(new JsonObject().put("event_name", "purchase").put("currency", "dollars"))
        .add(new JsonObject().put("event_name", "play").put("event_id", "p-1").put("event_data", new JsonObject().put("s", 1)))
        .add(new JsonObject().put("event_name", "play").put("event_id", "p-1"))
        .add("not an object"));

    HttpResponse<Buffer> answer = post("/v1/roku/events", batch);

    assertEquals(200, answer.statusCode(), answer.bodyAsString());
    JsonArray results = answer.bodyAsJsonObject().getJsonArray("results");
    assertEquals(5, results.size());
    assertEquals("accepted", results.getJsonObject(0).getString("status"));
    assertEquals("rejected", results.getJsonObject(1).getString("status"));
    assertEquals("invalid_format", results.getJsonObject(1).getJsonObject("error").getString("code"));
    assertEquals("events[1].currency", results.getJsonObject(1).getJsonObject("error").getString("field"));
    assertEquals("accepted", results.getJsonObject(2).getString("status"));
    assertEquals("duplicate", results.getJsonObject(3).getString("status"));
    assertEquals(results.getJsonObject(2).getString("receipt"), results.getJsonObject(3).getString("receipt"));
    assertEquals("wrong_type", results.getJsonObject(4).getJsonObject("error").getString("code"));
    assertEquals("events[4]", results.getJsonObject(4).getJsonObject("error").getString("field"));
    for (int i = 0; i < 5; i++) {
      assertEquals(i, results.getJsonObject(i).getInteger("index"));
    }
    gateway.await("two events at Kochava", () -> kochava.accepted().size() == 2);
    JsonObject launch = kochava.accepted().get(0).json().getJsonObject("data");
    assertEquals("launch", launch.getString("event_name"));
    assertEquals("1700000001", launch.getString("usertime"), "an item's usertime wins over the batch's");
    assertEquals("play", kochava.accepted().get(1).json().getJsonObject("data").getString("event_name"));
  }

  @Test
  void batchWithABadDeviceOrTooManyEventsIsRejectedWhole() throws Exception {
    JsonObject badDevice = device("not-a-uuid").put("events", new JsonArray().add(new JsonObject().put("event_name", "x")));
    HttpResponse<Buffer> rejected = post("/v1/roku/events", badDevice);
    assertEquals(400, rejected.statusCode());
    assertEquals("ids.rida", rejected.bodyAsJsonObject().getJsonObject("error").getString("field"));

    JsonArray many = new JsonArray();
    for (int i = 0; i < 51; i++) {
      many.add(new JsonObject().put("event_name", "e" + i));
    }
    HttpResponse<Buffer> tooMany = post("/v1/roku/events", device(UUID.randomUUID().toString()).put("events", many));
    assertEquals(400, tooMany.statusCode());
    assertEquals("events", tooMany.bodyAsJsonObject().getJsonObject("error").getString("field"));
    assertTrue(tooMany.bodyAsJsonObject().getJsonObject("error").getString("message").contains("1 to 50"));
    assertEquals(0, gateway.gateway().journal().stats().appendedRecords());
  }

  @Test
  void eventWithoutAName() throws Exception {
    HttpResponse<Buffer> answer = post("/v1/roku/event", device(UUID.randomUUID().toString()));
    assertEquals(400, answer.statusCode());
    assertEquals("missing_field", answer.bodyAsJsonObject().getJsonObject("error").getString("code"));
    assertEquals("event_name", answer.bodyAsJsonObject().getJsonObject("error").getString("field"));
  }
}
