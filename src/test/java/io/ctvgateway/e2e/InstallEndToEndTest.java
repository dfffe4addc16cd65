package io.ctvgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ctvgateway.testing.FakeKochava;
import io.ctvgateway.testing.GatewayTestBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A Roku and an LG install travel from the TV to a fake Kochava, and arrive exactly as Kochava wants them. */
@Timeout(60)
class InstallEndToEndTest extends GatewayTestBase {
  static final String CCID = "A1b2C3d4E5f6A7b8C9d0E1f2A3b4C5d6";
  static final String RIDA = "fa73d67d-f55c-5af3-883a-726253dc7d0e";
  static final String LGUDID = "095f142a-3e5b-ac5d-91d4-92c8be18a1b2";


  static JsonObject rokuInstall() {
    return new JsonObject()
        .put("app_id", "koctv-roku-sample")
        .put("app_version", "3.3.0")
        .put("ids", new JsonObject().put("channel_client_id", CCID).put("rida", RIDA))
        .put("os_version", "12.0.0.4186")
        .put("model", "3920X")
        .put("usertime", 1_700_000_000L)
        .put("data", new JsonObject().put("utm_source", "home_screen"));
  }

  /** The derived kochava_device_id, computed here independently: KG + first 16 bytes of SHA-256 of the key. */
  static String derivedDeviceId(String app, String platform, String type, String value) throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256")
        .digest((app + '\0' + platform + '\0' + type + '\0' + value).getBytes(StandardCharsets.UTF_8));
    return "KG" + HexFormat.of().formatHex(digest, 0, 16);
  }

  @Test
  void rokuInstallArrivesAtKochavaWithEveryField() throws Exception {
    HttpResponse<Buffer> answer = gateway.install("roku", rokuInstall());

    assertEquals(202, answer.statusCode(), answer.bodyAsString());
    JsonObject body = answer.bodyAsJsonObject();
    assertEquals("accepted", body.getString("status"));
    assertEquals(26, body.getString("receipt").length());

    gateway.await("the install to reach Kochava", () -> kochava.accepted().size() == 1);
    FakeKochava.Received got = kochava.accepted().get(0);
    assertEquals("POST", got.method());
    assertEquals("/track/json", got.path());
    assertEquals("application/json", got.headers().get("Content-Type"));
    assertEquals("Roku/DVP-12.0 (12.0.0.4186)", got.userAgent());
    JsonObject expected = new JsonObject()
        .put("action", "install")
        .put("kochava_app_id", "koctv-roku-sample")
        .put("kochava_device_id", derivedDeviceId("koctv-roku-sample", "roku", "channel_client_id", CCID.toLowerCase()))
        .put("data", new JsonObject()
            .put("usertime", "1700000000")
            .put("app_version", "3.3.0")
            .put("origination_ip", "127.0.0.1")
            .put("device_ua", "Roku%2FDVP-12.0%20(12.0.0.4186)")
            .put("device_ver", "3920X-RokuOS-12.0.0")
            .put("device_ids", new JsonObject().put("udid", CCID.toLowerCase()).put("rida", RIDA))
            .put("utm_source", "home_screen"));
    assertEquals(expected, got.json());
  }

  @Test
  void lgInstallArrivesAtKochavaWithEveryField() throws Exception {
    JsonObject install = new JsonObject()
        .put("app_id", "koctv-lg-sample")
        .put("app_version", "1.0.2")
        .put("ids", new JsonObject().put("lgudid", LGUDID))
        .put("os_version", "6.0.0")
        .put("model", "OLED55C1")
        .put("usertime", 1_700_000_123L)
        .put("kochava_device_id", "KDclient-supplied-1");

    assertEquals(202, gateway.install("lg-webos", install).statusCode());

    gateway.await("the install to reach Kochava", () -> kochava.accepted().size() == 1);
    FakeKochava.Received got = kochava.accepted().get(0);
    String ua = "Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0.3945.79"
        + " Safari/537.36 WebAppManager";
    assertEquals(ua, got.userAgent());
    JsonObject expected = new JsonObject()
        .put("action", "install")
        .put("kochava_app_id", "koctv-lg-sample")
        .put("kochava_device_id", "KDclient-supplied-1")
        .put("data", new JsonObject()
            .put("usertime", "1700000123")
            .put("app_version", "1.0.2")
            .put("origination_ip", "127.0.0.1")
            .put("device_ua", "Mozilla%2F5.0%20(Web0S%3B%20Linux%2FSmartTV)%20AppleWebKit%2F537.36%20(KHTML%2C%20like"
                + "%20Gecko)%20Chrome%2F79.0.3945.79%20Safari%2F537.36%20WebAppManager")
            .put("device_ver", "OLED55C1-webOS-6.0.0")
            .put("device_ids", new JsonObject().put("device_id", LGUDID)));
    assertEquals(expected, got.json());
  }

  @Test
  void secondIdenticalInstallIsAnsweredDuplicateWithTheFirstReceiptAndNotForwarded() throws Exception {
    HttpResponse<Buffer> first = gateway.install("roku", rokuInstall());
    // The simulator's dashed UUID form of the same channel client id is the same device.
    JsonObject sameDevice = rokuInstall().put("ids", new JsonObject().put("channel_client_id", CCID));
    HttpResponse<Buffer> second = gateway.install("roku", sameDevice);

    assertEquals(202, first.statusCode());
    assertEquals(200, second.statusCode());
    assertEquals("duplicate", second.bodyAsJsonObject().getString("status"));
    assertEquals(first.bodyAsJsonObject().getString("receipt"), second.bodyAsJsonObject().getString("receipt"));
    gateway.await("the first install to reach Kochava", () -> kochava.accepted().size() == 1);
    // Let delivery run again: a second (different) install goes through, and still only one for this device.
    JsonObject other = rokuInstall().put("ids", new JsonObject().put("rida", "099aa0bc-d123-4567-8999-a1b7c50767b1"));
    assertEquals(202, gateway.install("roku", other).statusCode());
    gateway.await("the other install to reach Kochava", () -> kochava.accepted().size() == 2);
    assertEquals(1, kochava.accepted().stream()
        .filter(r -> r.json().getJsonObject("data").getJsonObject("device_ids").getString("udid") != null).count());
  }

  @Test
  void dashedSimulatorChannelClientIdIsTheSameDeviceAsTheUndashedOne() throws Exception {
    String dashed = "fa73d67d-f55c-5af3-883a-726253dc7d0e";
    String undashed = "fa73d67df55c5af3883a726253dc7d0e";
    JsonObject simulator = rokuInstall().put("ids", new JsonObject().put("channel_client_id", dashed));
    JsonObject device = rokuInstall().put("ids", new JsonObject().put("channel_client_id", undashed.toUpperCase()));

    String receipt = gateway.install("roku", simulator).bodyAsJsonObject().getString("receipt");
    HttpResponse<Buffer> again = gateway.install("roku", device);

    assertEquals(200, again.statusCode());
    assertEquals(receipt, again.bodyAsJsonObject().getString("receipt"));
    gateway.await("one install at Kochava", () -> kochava.accepted().size() == 1);
    assertEquals(undashed, kochava.accepted().get(0).json().getJsonObject("data").getJsonObject("device_ids")
        .getString("udid"));
  }

  @Test
  void limitAdTrackingOnRokuDropsRidaButStillForwardsKeyedByChannelClientId() throws Exception {
    JsonObject install = rokuInstall().put("lat", true);

    assertEquals(202, gateway.install("roku", install).statusCode());
    // The same channel client id with another RIDA (reset) is still the same install.
    JsonObject reset = rokuInstall().put("lat", true)
        .put("ids", new JsonObject().put("channel_client_id", CCID).put("rida", "099aa0bc-d123-4567-8999-a1b7c50767b1"));
    assertEquals(200, gateway.install("roku", reset).statusCode());

    gateway.await("the install to reach Kochava", () -> kochava.accepted().size() == 1);
    JsonObject data = kochava.accepted().get(0).json().getJsonObject("data");
    assertEquals(new JsonObject().put("udid", CCID.toLowerCase()), data.getJsonObject("device_ids"));
    assertFalse(kochava.accepted().get(0).body().contains(RIDA));
  }

  @Test
  void installWithoutAnyUaSendsDeviceVerAndUnknownUserAgent() throws Exception {
    JsonObject install = rokuInstall();
    install.remove("os_version");
    gateway.post("/v1/roku/install", Map.of("Content-Type", "application/json", "User-Agent", "curl/8.5.0"),
        Buffer.buffer(install.encode()));

    gateway.await("the install to reach Kochava", () -> kochava.accepted().size() == 1);
    FakeKochava.Received got = kochava.accepted().get(0);
    assertEquals("Unknown", got.userAgent());
    assertEquals("", got.json().getJsonObject("data").getString("device_ua"));
    assertNull(got.json().getJsonObject("data").getString("device_ver"));
  }
}
