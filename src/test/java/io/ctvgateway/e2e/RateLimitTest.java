package io.ctvgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.testing.GatewayTestBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Token buckets per client address and per device: past its burst a client gets 429 with Retry-After and the
 * JSON error body, nothing is stored, and everyone else is unaffected. Rates are tiny so that no token comes
 * back during the test: the counts are exact.
 */
@Timeout(60)
class RateLimitTest extends GatewayTestBase {

  @Override
  protected JsonObject configure(JsonObject config) {
    config.getJsonObject("http").put("trusted_proxies", new JsonArray().add("127.0.0.1"));
    return config.put("limits", new JsonObject()
        .put("per_address", new JsonObject().put("rate_per_s", 0.001).put("burst", 5))
        .put("per_device", new JsonObject().put("rate_per_s", 0.001).put("burst", 3)));
  }

  private HttpResponse<Buffer> post(String path, String address, JsonObject body) throws Exception {
    return gateway.post(path, Map.of("Content-Type", "application/json", "X-Forwarded-For", address),
        Buffer.buffer(body.encode()));
  }

  private static JsonObject install(String rida) {
    return new JsonObject().put("app_id", "koctv-limits").put("ids", new JsonObject().put("rida", rida))
        .put("os_version", "12.0.0.4186").put("model", "3920X");
  }

  @Test
  void oneAddressPastItsBurstIs429WithRetryAfterAndAnotherAddressIsUnaffected() throws Exception {
    long stored = gateway.gateway().journal().stats().appendedRecords();
    int accepted = 0;
    for (int i = 0; i < 9; i++) {
      HttpResponse<Buffer> answer = post("/v1/roku/install", "198.51.100.7", install(UUID.randomUUID().toString()));
      if (answer.statusCode() == 202) {
        accepted++;
        continue;
      }
      assertEquals(429, answer.statusCode(), answer.bodyAsString());
      JsonObject error = answer.bodyAsJsonObject().getJsonObject("error");
      assertEquals("rate_limited", error.getString("code"));
      assertTrue(error.getString("message").contains("per-address"), error.getString("message"));
      assertTrue(Integer.parseInt(answer.getHeader("Retry-After")) >= 1);
    }
    assertEquals(5, accepted, "the burst, and not one more");
    assertEquals(stored + 5, gateway.gateway().journal().stats().appendedRecords(), "nothing stored for a 429");
    assertEquals(202, post("/v1/roku/install", "203.0.113.9", install(UUID.randomUUID().toString())).statusCode(),
        "another address has its own bucket");
    String metrics = gateway.client().get(gateway.gateway().adminPort(), "127.0.0.1", "/metrics").send()
        .await(10, TimeUnit.SECONDS).bodyAsString();
    assertEquals(4.0, io.ctvgateway.testing.Scrape.of(metrics).value("ctvgw_rate_limited_total", Map.of("limit", "address")),
        metrics);
  }

  @Test
  void oneDeviceIsLimitedFromEveryAddressAndEachEventOfABatchCounts() throws Exception {
    String rida = UUID.randomUUID().toString();
    JsonObject batchOfTwo = install(rida).put("events", new JsonArray()
        .add(new JsonObject().put("event_name", "a")).add(new JsonObject().put("event_name", "b")));
    assertEquals(200, post("/v1/roku/events", "192.0.2.1", batchOfTwo).statusCode(), "2 of the device's 3");
    HttpResponse<Buffer> again = post("/v1/roku/events", "192.0.2.2", batchOfTwo);
    assertEquals(429, again.statusCode(), "2 more would make 4: refused, from another address too");
    assertTrue(again.bodyAsJsonObject().getJsonObject("error").getString("message").contains("per-device"));
    assertEquals(202, post("/v1/roku/event", "192.0.2.3", install(rida).put("event_name", "c")).statusCode(),
        "the third");
    assertEquals(429, post("/v1/roku/event", "192.0.2.4", install(rida).put("event_name", "d")).statusCode());
    assertEquals(202, post("/v1/roku/install", "192.0.2.5", install(UUID.randomUUID().toString())).statusCode(),
        "another device is unaffected");
  }
}
