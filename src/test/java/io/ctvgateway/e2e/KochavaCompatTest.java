package io.ctvgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ctvgateway.testing.FakeKochava;
import io.ctvgateway.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kochava's own S2S shape on {@code /kochava/{platform}/track/json}: answered as Kochava answers, and forwarded
 * byte for byte as the same install sent to {@code /v1/{platform}/install} (two gateways, one request each shape).
 */
class KochavaCompatTest {
  private static final String RIDA = "fa73d67d-f55c-5af3-883a-726253dc7d0e";
  private Vertx vertx;
  private FakeKochava kochavaA;
  private FakeKochava kochavaB;
  private TestGateway compat;
  private TestGateway native_;

  @BeforeEach
  void start(@TempDir Path dir) throws Exception {
    vertx = Vertx.vertx();
    kochavaA = FakeKochava.start(vertx);
    kochavaB = FakeKochava.start(vertx);
    compat = TestGateway.start(vertx, TestGateway.config(dir.resolve("a"), kochavaA.url()));
    JsonObject config = TestGateway.config(dir.resolve("b"), kochavaB.url());
    config.getJsonObject("http").put("trusted_proxies", new JsonArray().add("127.0.0.1"));
    native_ = TestGateway.start(vertx, config);
  }

  @AfterEach
  void stop() throws Exception {
    compat.close();
    native_.close();
    vertx.close().await();
  }

  private static JsonObject s2sInstall(String rida) {
    return new JsonObject()
        .put("action", "install")
        .put("kochava_app_id", "koexample-app-id")
        .put("kochava_device_id", "KD5f1e2d3c4b5a69788796a5b4c3d2e1f0")
        .put("data", new JsonObject()
            .put("usertime", "1764324000")
            .put("app_version", "3.3.0")
            .put("origination_ip", "203.0.113.77")
            .put("device_ua", "Roku%2FDVP-12.0%20(12.0.0.4186-55)")
            .put("device_ver", "3920X-RokuOS-12.0.0")
            .put("device_ids", new JsonObject().put("rida", rida))
            .put("page", "home"));
  }

  private HttpResponse<Buffer> post(TestGateway gateway, String path, JsonObject body, Map<String, String> headers)
      throws Exception {
    Map<String, String> all = new java.util.HashMap<>(headers);
    all.put("Content-Type", "application/json");
    return gateway.post(path, all, Buffer.buffer(body.encode()));
  }

  @Test
  void anS2sInstallIsAnsweredAsKochavaDoesAndForwardedByteForByteAsTheSameNativeInstall() throws Exception {
    HttpResponse<Buffer> answer = post(compat, "/kochava/roku/track/json", s2sInstall(RIDA), Map.of());
    assertEquals(200, answer.statusCode(), answer.bodyAsString());
    assertEquals("{\"success\":\"1\"}", answer.bodyAsString());

    JsonObject same = new JsonObject()
        .put("app_id", "koexample-app-id")
        .put("kochava_device_id", "KD5f1e2d3c4b5a69788796a5b4c3d2e1f0")
        .put("usertime", 1_764_324_000L)
        .put("app_version", "3.3.0")
        .put("device_ua", "Roku/DVP-12.0 (12.0.0.4186-55)")
        .put("model", "3920X")
        .put("os_version", "12.0.0")
        .put("ids", new JsonObject().put("rida", RIDA))
        .put("data", new JsonObject().put("page", "home"));
    assertEquals(202, post(native_, "/v1/roku/install", same, Map.of("X-Forwarded-For", "203.0.113.77")).statusCode());

    compat.await("compat at Kochava", () -> kochavaA.accepted().size() == 1);
    native_.await("native at Kochava", () -> kochavaB.accepted().size() == 1);
    assertEquals(kochavaB.accepted().get(0).body(), kochavaA.accepted().get(0).body(), "byte-identical bodies");
    assertEquals(kochavaB.accepted().get(0).headers().get("User-Agent"), kochavaA.accepted().get(0).headers().get("User-Agent"));

    // The sender's retry: 200 success again, not forwarded twice.
    HttpResponse<Buffer> again = post(compat, "/kochava/roku/track/json", s2sInstall(RIDA), Map.of());
    assertEquals("{\"success\":\"1\"}", again.bodyAsString());
    Thread.sleep(300);
    assertEquals(1, kochavaA.accepted().size());
  }

  @Test
  void anS2sEventGoesOutAsAnEvent() throws Exception {
    JsonObject event = s2sInstall("0b6e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4").put("action", "event");
    event.getJsonObject("data").put("event_name", "purchase").put("event_data", new JsonObject().put("sku", "gold"))
        .put("currency", "USD");
    assertEquals("{\"success\":\"1\"}", post(compat, "/kochava/roku/track/json", event, Map.of()).bodyAsString());
    compat.await("the event at Kochava", () -> kochavaA.accepted().size() == 1);
    JsonObject sent = kochavaA.accepted().get(0).json();
    assertEquals("event", sent.getString("action"));
    assertEquals("purchase", sent.getJsonObject("data").getString("event_name"));
    assertEquals("USD", sent.getJsonObject("data").getString("currency"));
  }

  private static JsonObject webSdkInstall(String kochavaDeviceId, String lgudid) {
    return new JsonObject()
        .put("action", "install")
        .put("kochava_app_id", "koexample-app-id")
        .put("kochava_device_id", kochavaDeviceId)
        .put("sdk_version", "WebTracker 3.1.0")
        .put("sdk_protocol", "17")
        .put("nt_id", "5a1b2c3d-0001")
        .put("data", new JsonObject()
            .put("starttime", 1_764_323_990L)
            .put("uptime", 10)
            .put("usertime", 1_764_324_000L)
            .put("package", "com.example.tvapp")
            .put("disp_w", 1920)
            .put("disp_h", 1080)
            .put("language", "en-US")
            .put("device_ids", new JsonObject().put("lgudid", lgudid)));
  }

  @Test
  void aWebSdkInstallIsAnsweredSuccessForwardedInS2sShapeAndItsReinstallIsNotForwardedAgain() throws Exception {
    String lgudid = "095F142A-3E5B-AC5D-91D4-92C8BE18A1B2";
    String webOsUa = "Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/87.0.4280.88"
        + " Safari/537.36 WebAppManager";
    HttpResponse<Buffer> answer = post(compat, "/kochava/lg-webos/websdk",
        webSdkInstall("KB1764323990T5f1e2d3c4b5a69788796a5b4c3d2e1f0", lgudid), Map.of("User-Agent", webOsUa));
    assertEquals(200, answer.statusCode(), answer.bodyAsString());
    assertEquals("{\"success\":\"1\"}", answer.bodyAsString());
    compat.await("at Kochava", () -> kochavaA.accepted().size() == 1);
    JsonObject sent = kochavaA.accepted().get(0).json();
    assertEquals("install", sent.getString("action"));
    assertEquals("KB1764323990T5f1e2d3c4b5a69788796a5b4c3d2e1f0", sent.getString("kochava_device_id"));
    JsonObject data = sent.getJsonObject("data");
    assertEquals(new JsonObject().put("device_id", "095f142a-3e5b-ac5d-91d4-92c8be18a1b2"), data.getJsonObject("device_ids"));
    assertEquals("1764324000", data.getString("usertime"));
    assertEquals("127.0.0.1", data.getString("origination_ip"), "the TV's own address");
    assertEquals("com.example.tvapp", data.getString("package"));
    assertEquals(1920, data.getInteger("disp_w"));
    assertEquals(false, data.containsKey("nt_id") || data.containsKey("starttime") || data.containsKey("uptime"));

    // The app reinstalled: localStorage is gone, the SDK makes a new KB id and sends its install again.
    HttpResponse<Buffer> reinstall = post(compat, "/kochava/lg-webos/websdk",
        webSdkInstall("KB1764410400T0a9b8c7d6e5f40312233445566778899", lgudid), Map.of("User-Agent", webOsUa));
    assertEquals("{\"success\":\"1\"}", reinstall.bodyAsString());
    Thread.sleep(300);
    assertEquals(1, kochavaA.accepted().size(), "the same LGUDID: a duplicate, not forwarded again");
  }

  @Test
  void errorsNameTheFieldAndSaySuccess0() throws Exception {
    JsonObject wrongKey = s2sInstall(RIDA);
    wrongKey.getJsonObject("data").put("device_ids", new JsonObject().put("idfa", RIDA));
    HttpResponse<Buffer> answer = post(compat, "/kochava/roku/track/json", wrongKey, Map.of());
    assertEquals(400, answer.statusCode());
    JsonObject body = answer.bodyAsJsonObject();
    assertEquals("0", body.getString("success"));
    assertEquals("unknown_id", body.getJsonObject("error").getString("code"));
    assertEquals("data.device_ids.idfa", body.getJsonObject("error").getString("field"));

    JsonObject badVer = s2sInstall(RIDA);
    badVer.getJsonObject("data").put("device_ver", "3920X-webOS-12.0.0");
    assertEquals("data.device_ver", post(compat, "/kochava/roku/track/json", badVer, Map.of()).bodyAsJsonObject()
        .getJsonObject("error").getString("field"));
    assertEquals("action", post(compat, "/kochava/roku/track/json", s2sInstall(RIDA).put("action", "identify"),
        Map.of()).bodyAsJsonObject().getJsonObject("error").getString("field"));
  }
}
