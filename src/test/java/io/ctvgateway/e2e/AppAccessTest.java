package io.ctvgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.testing.SharedGatewayTestBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Only the apps in config are served; an app with client keys needs one of them on every request. */
@Timeout(60)
class AppAccessTest extends SharedGatewayTestBase {
  static final String KEY_1 = "k1-0123456789abcdef";
  static final String KEY_2 = "k2-fedcba9876543210";

  @Override
  protected JsonObject configure(JsonObject config) {
    return config
        .put("access", new JsonObject().put("unknown_apps", "reject"))
        .put("apps", new JsonObject()
            .put("koctv-listed", new JsonObject())
            .put("koctv-keyed", new JsonObject().put("client_keys", new JsonArray().add(KEY_1).add(KEY_2))));
  }

  private static JsonObject install(String app) {
    return new JsonObject().put("app_id", app).put("ids", new JsonObject().put("rida", UUID.randomUUID().toString()))
        .put("os_version", "12.0.0.4186").put("model", "3920X");
  }

  private HttpResponse<Buffer> post(String path, JsonObject body, Map<String, String> headers) throws Exception {
    java.util.HashMap<String, String> all = new java.util.HashMap<>(headers);
    all.put("Content-Type", "application/json");
    return gateway.post(path, all, Buffer.buffer(body.encode()));
  }

  private long stored() {
    return gateway.gateway().journal().stats().appendedRecords();
  }

  @Test
  void anUnlistedAppIsRefused403OnEveryEndpointAndNothingIsStoredOrForwarded() throws Exception {
    long before = stored();
    JsonObject install = install("a");
    JsonObject event = install("koctv-not-listed").put("event_name", "play");
    JsonObject batch = install("koctv-not-listed").put("events", new JsonArray().add(new JsonObject().put("event_name", "x")));
    for (HttpResponse<Buffer> answer : new HttpResponse[] {
        post("/v1/roku/install", install, Map.of()),
        post("/v1/roku/event", event, Map.of()),
        post("/v1/roku/events", batch, Map.of())}) {
      assertEquals(403, answer.statusCode(), answer.bodyAsString());
      JsonObject error = answer.bodyAsJsonObject().getJsonObject("error");
      assertEquals("unknown_app", error.getString("code"));
      assertEquals("app_id", error.getString("field"));
      assertTrue(error.getString("message").contains("add it under \"apps\""), error.getString("message"));
    }
    assertEquals(before, stored(), "nothing stored");
    assertFalse(kochava.attempts().stream().anyMatch(r -> r.body().contains("\"a\"")
        || r.body().contains("koctv-not-listed")), "nothing forwarded");
  }

  @Test
  void aListedAppIsServed() throws Exception {
    assertEquals(202, post("/v1/roku/install", install("koctv-listed"), Map.of()).statusCode());
  }

  @Test
  void anAppWithClientKeysNeedsOneOfThemInTheHeaderOrTheBody() throws Exception {
    long before = stored();
    HttpResponse<Buffer> none = post("/v1/roku/install", install("koctv-keyed"), Map.of());
    assertEquals(401, none.statusCode());
    assertEquals("invalid_client_key", none.bodyAsJsonObject().getJsonObject("error").getString("code"));
    HttpResponse<Buffer> wrong = post("/v1/roku/install", install("koctv-keyed"), Map.of("X-Ctvgw-Key", "k3-not-a-key-at-all"));
    assertEquals(401, wrong.statusCode());
    HttpResponse<Buffer> wrongInBody = post("/v1/roku/install", install("koctv-keyed").put("client_key", KEY_1 + "x"),
        Map.of());
    assertEquals(401, wrongInBody.statusCode());
    assertEquals(before, stored(), "nothing stored for a missing or wrong key");

    String rida1 = UUID.randomUUID().toString();
    JsonObject first = install("koctv-keyed");
    first.getJsonObject("ids").put("rida", rida1);
    assertEquals(202, post("/v1/roku/install", first, Map.of("X-Ctvgw-Key", KEY_1)).statusCode(), "the first key");
    String rida2 = UUID.randomUUID().toString();
    JsonObject second = install("koctv-keyed").put("client_key", KEY_2);
    second.getJsonObject("ids").put("rida", rida2);
    assertEquals(202, post("/v1/roku/install", second, Map.of()).statusCode(), "the rotated-in key, in the body");
    gateway.await("both delivered", () -> kochava.accepted().stream().filter(r -> r.body().contains(rida1)
        || r.body().contains(rida2)).count() == 2);
    assertFalse(kochava.accepted().stream().anyMatch(r -> r.body().contains(KEY_1) || r.body().contains(KEY_2)
        || r.body().contains("client_key")), "the key is never forwarded");
  }

  @Test
  void thePreviewShowsTheUnknownAppError() throws Exception {
    HttpResponse<Buffer> answer = io.vertx.ext.web.client.WebClient.create(vertx)
        .post(gateway.gateway().adminPort(), "127.0.0.1", "/preview/roku/install")
        .sendJsonObject(install("koctv-unknown")).await(10, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(403, answer.statusCode());
    assertEquals("unknown_app", answer.bodyAsJsonObject().getJsonObject("error").getString("code"));
  }
}
