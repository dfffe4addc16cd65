package io.ctvgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ctvgateway.testing.FakeKochava;
import io.ctvgateway.testing.SharedGatewayTestBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Opt-out everywhere, and App Tracking Transparency on tvOS: when a platform's opt-out applies, no advertising
 * id leaves the gateway and {@code data.device_limit_tracking} is true; otherwise the advertising id goes and
 * the flag is absent.
 */
@Timeout(60)
class OptOutEndToEndTest extends SharedGatewayTestBase {
  static final String ZERO = "00000000-0000-0000-0000-000000000000";


  @Override
  protected JsonObject configure(JsonObject config) {
    return config.put("apps", new JsonObject().put("koctv-nested", new JsonObject().put("att_shape", "nested")));
  }

  static String upper() {
    return UUID.randomUUID().toString().toUpperCase();
  }

  static Stream<Arguments> cases() {
    String idfa = upper();
    String idfa2 = upper();
    String idfa3 = upper();
    String idfa4 = upper();
    String idfa5 = upper();
    String rida = UUID.randomUUID().toString();
    String fire = UUID.randomUUID().toString();
    String fire2 = UUID.randomUUID().toString();
    String gaid = UUID.randomUUID().toString();
    return Stream.of(
        // name, platform, request extras, advertising key, its forwarded value (null: not forwarded)
        Arguments.of("tvOS 17, ATT granted (flat)", "apple-tvos",
            new JsonObject().put("ids", tvos(idfa)).put("os_version", "17.1").put("att", true).put("att_detail", 3),
            "idfa", idfa),
        Arguments.of("tvOS 17, ATT granted (nested)", "apple-tvos",
            new JsonObject().put("ids", tvos(idfa2)).put("os_version", "17.1")
                .put("app_tracking_transparency", new JsonObject().put("att", true)), "idfa", idfa2),
        Arguments.of("tvOS 17, ATT denied", "apple-tvos",
            new JsonObject().put("ids", tvos(idfa3)).put("os_version", "17.1").put("att", false), "idfa", null),
        Arguments.of("tvOS 17, no ATT answer", "apple-tvos",
            new JsonObject().put("ids", tvos(idfa4)).put("os_version", "17.1"), "idfa", null),
        Arguments.of("tvOS 13, before ATT", "apple-tvos",
            new JsonObject().put("ids", tvos(idfa5)).put("os_version", "13.4"), "idfa", idfa5),
        Arguments.of("tvOS, all-zero IDFA", "apple-tvos",
            new JsonObject().put("ids", tvos(ZERO)).put("os_version", "17.1").put("att", true), "idfa", null),
        Arguments.of("Roku, RIDA disabled", "roku",
            new JsonObject().put("ids", new JsonObject().put("channel_client_id", hex32()).put("rida", rida)).put("lat", true),
            "rida", null),
        Arguments.of("Fire TV, limit ad tracking", "fire-tv",
            new JsonObject().put("ids", new JsonObject().put("advertising_id", fire).put("android_id", hex16()))
                .put("lat", true), "fire_adid", null),
        Arguments.of("Fire TV, tracking allowed", "fire-tv",
            new JsonObject().put("ids", new JsonObject().put("advertising_id", fire2).put("android_id", hex16())),
            "fire_adid", fire2),
        Arguments.of("Android TV, all-zero GAID", "android-tv",
            new JsonObject().put("ids", new JsonObject().put("gaid", ZERO).put("android_id", hex16())), "adid", null),
        Arguments.of("Android TV, GAID", "android-tv",
            new JsonObject().put("ids", new JsonObject().put("gaid", gaid).put("android_id", hex16())), "adid", gaid));
  }

  static JsonObject tvos(String idfa) {
    return new JsonObject().put("idfv", upper()).put("idfa", idfa);
  }

  static String hex32() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  static String hex16() {
    return hex32().substring(0, 16);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void advertisingIdLeavesOnlyWithoutOptOut(String name, String platform, JsonObject extras, String adKey,
      String forwarded) throws Exception {
    JsonObject install = new JsonObject().put("app_id", "koctv-optout").put("model", "Model1");
    extras.forEach(e -> install.put(e.getKey(), e.getValue()));
    String marker = install.getJsonObject("ids").stream()
        .filter(e -> !adKeys(e.getKey())).map(e -> (String) e.getValue()).findFirst().orElseThrow();

    HttpResponse<Buffer> answer = gateway.post("/v1/" + platform + "/install", Map.of("Content-Type", "application/json"),
        Buffer.buffer(install.encode()));
    assertEquals(202, answer.statusCode(), answer.bodyAsString());

    gateway.await(name, () -> kochava.accepted().stream().anyMatch(r -> r.body().contains(marker)));
    FakeKochava.Received got = kochava.accepted().stream().filter(r -> r.body().contains(marker)).findFirst().orElseThrow();
    JsonObject data = got.json().getJsonObject("data");
    assertEquals(forwarded, data.getJsonObject("device_ids").getString(adKey), "device_ids: " + data);
    if (forwarded == null) {
      assertEquals(true, data.getValue("device_limit_tracking"));
      for (Object id : install.getJsonObject("ids").getMap().values()) {
        if (!id.equals(marker) && !id.equals(ZERO)) {
          assertFalse(got.body().contains((String) id), "the advertising id appears nowhere in the body");
        }
      }
    } else {
      assertNull(data.getValue("device_limit_tracking"));
    }
  }

  private static boolean adKeys(String name) {
    return name.equals("idfa") || name.equals("rida") || name.equals("advertising_id") || name.equals("gaid");
  }

  @org.junit.jupiter.api.Test
  void tizenWithLimitAdTrackingIsForwardedWithoutItsTifaAndStillDeduplicatedByIt() throws Exception {
    String tifa = UUID.randomUUID().toString();
    JsonObject install = new JsonObject().put("app_id", "koctv-tizen-lat").put("model", "QN55Q80")
        .put("os_version", "6.0").put("ids", new JsonObject().put("tifa", tifa)).put("lat", true);

    HttpResponse<Buffer> first = gateway.post("/v1/samsung-tizen/install", Map.of("Content-Type", "application/json"),
        Buffer.buffer(install.encode()));
    HttpResponse<Buffer> again = gateway.post("/v1/samsung-tizen/install", Map.of("Content-Type", "application/json"),
        Buffer.buffer(install.encode()));

    assertEquals(202, first.statusCode(), first.bodyAsString());
    assertEquals(200, again.statusCode(), "still one install per device");
    gateway.await("the Tizen install", () -> kochava.accepted().stream()
        .anyMatch(r -> r.json().getString("kochava_app_id").equals("koctv-tizen-lat")));
    FakeKochava.Received got = kochava.accepted().stream()
        .filter(r -> r.json().getString("kochava_app_id").equals("koctv-tizen-lat")).findFirst().orElseThrow();
    assertEquals(new JsonObject(), got.json().getJsonObject("data").getJsonObject("device_ids"));
    assertEquals(true, got.json().getJsonObject("data").getValue("device_limit_tracking"));
    assertFalse(got.body().contains(tifa), "the TIFA appears nowhere in what Kochava gets");
    assertEquals(1, kochava.accepted().stream()
        .filter(r -> r.json().getString("kochava_app_id").equals("koctv-tizen-lat")).count());
  }

  @ParameterizedTest(name = "att_shape {0}")
  @MethodSource("shapes")
  void attIsEmittedInTheConfiguredShapeWhicheverShapeWasSent(String app, boolean sentNested) throws Exception {
    String idfv = upper();
    JsonObject install = new JsonObject().put("app_id", app).put("model", "AppleTV11,1").put("os_version", "17.1")
        .put("ids", new JsonObject().put("idfv", idfv).put("idfa", upper()));
    JsonObject att = new JsonObject().put("att", true).put("att_time", 1_700_000_000L).put("att_duration", 3)
        .put("att_detail", "authorized");
    if (sentNested) {
      install.put("app_tracking_transparency", att);
    } else {
      att.forEach(e -> install.put(e.getKey(), e.getValue()));
    }
    assertEquals(202, gateway.post("/v1/apple-tvos/install", Map.of("Content-Type", "application/json"),
        Buffer.buffer(install.encode())).statusCode());

    gateway.await("the tvOS install", () -> kochava.accepted().stream().anyMatch(r -> r.body().contains(idfv)));
    JsonObject data = kochava.accepted().stream().filter(r -> r.body().contains(idfv)).findFirst().orElseThrow()
        .json().getJsonObject("data");
    JsonObject emitted = app.equals("koctv-nested") ? data.getJsonObject("app_tracking_transparency") : data;
    assertEquals(true, emitted.getBoolean("att"));
    assertEquals(1_700_000_000L, emitted.getLong("att_time"));
    assertEquals(3L, emitted.getLong("att_duration"));
    assertEquals("authorized", emitted.getString("att_detail"));
    assertEquals(app.equals("koctv-nested"), !data.containsKey("att"));
  }

  static Stream<Arguments> shapes() {
    return Stream.of(
        Arguments.of("koctv-flat", false), Arguments.of("koctv-flat", true),
        Arguments.of("koctv-nested", false), Arguments.of("koctv-nested", true));
  }
}
