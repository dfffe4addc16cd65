package io.ctvgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.testing.FakeKochava;
import io.ctvgateway.testing.GatewayTestBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The rest of Kochava's S2S surface: install authentication, ATT shapes, Apple Search Ads, the referrer, and
 * each per-app wire option in both settings.
 */
@Timeout(60)
class KochavaSurfaceTest extends GatewayTestBase {
  static final String API_KEY = "0A1B2C3D-test-api-key";
  static final String SECRET = "s3cr3t-app-secret";

  @Override
  protected JsonObject configure(JsonObject config) {
    return config.put("apps", new JsonObject()
        .put("koctv-signed", new JsonObject().put("api_key", API_KEY).put("secret", SECRET))
        .put("koctv-signed-b64", new JsonObject().put("api_key", API_KEY).put("secret", SECRET)
            .put("auth_token_encoding", "base64"))
        .put("koctv-wire-alt", new JsonObject()
            .put("app_version_location", "top_level")
            .put("encode_device_ua", false)
            .put("usertime_type", "number")
            .put("att_shape", "nested")
            .put("referrer_key", "fb_install_referrer")));
  }

  static JsonObject install(String app) {
    return new JsonObject()
        .put("app_id", app)
        .put("app_version", "5.1.0")
        .put("ids", new JsonObject().put("rida", UUID.randomUUID().toString()))
        .put("os_version", "12.0.0.4186")
        .put("model", "3920X")
        .put("usertime", 1_700_000_000L);
  }

  private FakeKochava.Received send(JsonObject install) throws Exception {
    HttpResponse<Buffer> answer = gateway.post("/v1/roku/install", Map.of("Content-Type", "application/json"),
        Buffer.buffer(install.encode()));
    assertEquals(202, answer.statusCode(), answer.bodyAsString());
    String rida = install.getJsonObject("ids").getString("rida");
    gateway.await("the install at Kochava", () -> kochava.accepted().stream().anyMatch(r -> r.body().contains(rida)));
    return kochava.accepted().stream().filter(r -> r.body().contains(rida)).findFirst().orElseThrow();
  }

  /** The reference algorithm, written here independently of the gateway's code. */
  static String referenceToken(byte[] body, String apiKey, String secret) throws Exception {
    String sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(apiKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal((secret + sha1).getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void signedAppSendsAuthHeadersComputedOverTheExactBytesReceived() throws Exception {
    FakeKochava.Received got = send(install("koctv-signed").put("data", new JsonObject().put("page", "/home/featured")));

    assertEquals(API_KEY, got.headers().get("Kochava-Api-Key"));
    byte[] received = got.body().getBytes(StandardCharsets.UTF_8);
    assertEquals(referenceToken(received, API_KEY, SECRET), got.headers().get("Kochava-Auth-Token"));
    assertTrue(got.body().contains("\\/home\\/featured"), "slashes are escaped as \\/ in the signed body: " + got.body());
    assertEquals("/home/featured", got.json().getJsonObject("data").getString("page"));
  }

  @Test
  void theTokenEncodingIsAnOptionBase64OfTheSameHmac() throws Exception {
    FakeKochava.Received got = send(install("koctv-signed-b64"));
    byte[] received = got.body().getBytes(StandardCharsets.UTF_8);
    String hex = referenceToken(received, API_KEY, SECRET);
    assertEquals(java.util.Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex)),
        got.headers().get("Kochava-Auth-Token"));
  }

  @Test
  void appWithoutKeysSendsNoAuthHeaders() throws Exception {
    FakeKochava.Received got = send(install("koctv-plain"));
    assertNull(got.headers().get("Kochava-Api-Key"));
    assertNull(got.headers().get("Kochava-Auth-Token"));
  }

  @Test
  void defaultWireOptions() throws Exception {
    JsonObject data = send(install("koctv-plain").put("att", true).put("att_time", 1_699_999_000L)
        .put("referrer", "utm_source=tv&utm_campaign=launch")).json().getJsonObject("data");
    JsonObject body = kochava.accepted().get(0).json();

    assertEquals("5.1.0", data.getString("app_version"));
    assertFalse(body.containsKey("app_ver"));
    assertEquals("Roku%2FDVP-12.0%20(12.0.0.4186)", data.getString("device_ua"));
    assertEquals("1700000000", data.getValue("usertime"));
    assertEquals(true, data.getValue("att"));
    assertEquals(1_699_999_000L, data.getLong("att_time"));
    assertFalse(data.containsKey("app_tracking_transparency"));
    assertEquals("utm_source=tv&utm_campaign=launch", data.getString("referrer"));
  }

  @Test
  void alternativeWireOptions() throws Exception {
    FakeKochava.Received got = send(install("koctv-wire-alt")
        .put("app_tracking_transparency", new JsonObject().put("att", false).put("att_detail", "denied").put("att_duration", 4))
        .put("referrer", "AQBxEncryptedFacebookReferrer=="));
    JsonObject body = got.json();
    JsonObject data = body.getJsonObject("data");

    assertEquals("5.1.0", body.getString("app_ver"));
    assertFalse(data.containsKey("app_version"));
    assertEquals("Roku/DVP-12.0 (12.0.0.4186)", data.getString("device_ua"));
    assertTrue(data.getValue("usertime") instanceof Number, "usertime as a JSON number");
    assertEquals(1_700_000_000L, data.getLong("usertime"));
    JsonObject att = data.getJsonObject("app_tracking_transparency");
    assertEquals(false, att.getBoolean("att"));
    assertEquals(4L, att.getLong("att_duration"));
    assertEquals("denied", att.getString("att_detail"));
    assertEquals(3, att.size());
    assertFalse(data.containsKey("att"));
    assertEquals("AQBxEncryptedFacebookReferrer==", data.getString("fb_install_referrer"));
    assertFalse(data.containsKey("referrer"));
  }

  @Test
  void appleSearchAdsTokenAndAttributionPassThroughWithAdServicesKeysMappedToIad() throws Exception {
    long now = System.currentTimeMillis() / 1000;
    JsonObject install = install("koctv-plain")
        .put("ad_services_token", "eyJ0b2tlbiI6ImFzYSJ9")
        .put("ad_services_token_time", now - 600)
        .put("ad_services_attribution", new JsonObject()
            .put("attribution", true).put("orgId", 40669820).put("campaignId", 542370539).put("adGroupId", 542317095)
            .put("keywordId", 87675432).put("clickDate", "2026-11-27T10:00Z").put("conversionType", "Download")
            .put("countryOrRegion", "US").put("creativeSetId", 1234).put("adId", 99))
        .put("iad_attribution", new JsonObject().put("iad-campaign-id", "1111").put("iad-lineitem-id", "2222"));

    HttpResponse<Buffer> answer = gateway.post("/v1/roku/install", Map.of("Content-Type", "application/json"),
        Buffer.buffer(install.encode()));
    assertNull(answer.bodyAsJsonObject().getJsonArray("warnings"), "a fresh token is not flagged");
    gateway.await("the install", () -> kochava.accepted().size() == 1);
    JsonObject data = kochava.accepted().get(0).json().getJsonObject("data");

    assertEquals("eyJ0b2tlbiI6ImFzYSJ9", data.getString("ad_services_token"));
    assertEquals(true, data.getValue("iad-attribution"));
    assertEquals(40669820, data.getInteger("iad-org-id"));
    assertEquals("1111", data.getString("iad-campaign-id"), "iAd's own claim wins over the mapped AdServices one");
    assertEquals(542317095, data.getInteger("iad-adgroup-id"));
    assertEquals(87675432, data.getInteger("iad-keyword-id"));
    assertEquals("2026-11-27T10:00Z", data.getString("iad-click-date"));
    assertEquals("Download", data.getString("iad-conversion-type"));
    assertEquals("US", data.getString("iad-country-or-region"));
    assertEquals(1234, data.getInteger("iad-creativeset-id"));
    assertEquals(99, data.getInteger("adId"), "keys outside the table pass through");
    assertEquals("2222", data.getString("iad-lineitem-id"));
  }

  @Test
  void adServicesTokenOlderThanADayIsFlaggedInTheAnswerAndStillForwarded() throws Exception {
    long now = System.currentTimeMillis() / 1000;
    JsonObject install = install("koctv-plain").put("ad_services_token", "old-token").put("ad_services_token_time", now - 30 * 3600);

    HttpResponse<Buffer> answer = gateway.post("/v1/roku/install", Map.of("Content-Type", "application/json"),
        Buffer.buffer(install.encode()));

    assertEquals(202, answer.statusCode());
    JsonObject warning = answer.bodyAsJsonObject().getJsonArray("warnings").getJsonObject(0);
    assertEquals("ad_services_token_expired", warning.getString("code"));
    assertEquals("ad_services_token_time", warning.getString("field"));
    assertTrue(warning.getString("message").contains("30 hours old"), warning.getString("message"));
    gateway.await("the install", () -> kochava.accepted().size() == 1);
    assertEquals("old-token", kochava.accepted().get(0).json().getJsonObject("data").getString("ad_services_token"));
  }

  @Test
  void attFieldsFlatAndNestedTogetherAreRejected() throws Exception {
    JsonObject install = install("koctv-plain").put("att", true)
        .put("app_tracking_transparency", new JsonObject().put("att", true));
    HttpResponse<Buffer> answer = gateway.post("/v1/roku/install", Map.of("Content-Type", "application/json"),
        Buffer.buffer(install.encode()));
    assertEquals(400, answer.statusCode());
    assertEquals("app_tracking_transparency", answer.bodyAsJsonObject().getJsonObject("error").getString("field"));
    HttpResponse<Buffer> badDetail = gateway.post("/v1/roku/install", Map.of("Content-Type", "application/json"),
        Buffer.buffer(install("koctv-plain").put("att_detail", 9).encode()));
    assertEquals("att_detail", badDetail.bodyAsJsonObject().getJsonObject("error").getString("field"));
  }
}
