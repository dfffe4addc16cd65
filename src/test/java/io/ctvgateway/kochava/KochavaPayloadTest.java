package io.ctvgateway.kochava;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ctvgateway.config.WireOptions;
import io.ctvgateway.json.JsonWriter;
import io.ctvgateway.json.StrictJson;
import io.ctvgateway.profile.InstallKey;
import io.ctvgateway.profile.ResolvedDevice;
import io.ctvgateway.profile.UaSource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The body written in one pass ({@link KochavaPayload#write}) against the same body built as a JSON tree, the way
 * it was built before (a {@code JsonObject} per level, a later put replacing a value in place, the client's data
 * added where the gateway had not set the key), over random envelopes and every wire option.
 */
class KochavaPayloadTest {
  /** Keys a client's data or a configured referrer key may use, some of them the gateway's own. */
  private static final String[] KEYS = {"campaign", "usertime", "device_ua", "att", "referrer", "utm_source",
      "origination_ip", "gdpr_privacy_consent", "ad_services_token", "iad-attribution", "event_name", "x/y", "é"};

  @Test
  void writesInOnePassWhatTheTreeWrote() {
    Random random = new Random(14);
    for (int round = 0; round < 5_000; round++) {
      WireOptions wire = new WireOptions(random.nextBoolean(), random.nextBoolean(), random.nextBoolean(),
          random.nextBoolean(), pick(random), random.nextBoolean());
      Envelope envelope = envelope(random);
      assertEquals(JsonWriter.write(tree(envelope, wire)), KochavaPayload.write(envelope, wire).text(),
          "round " + round);
    }
  }

  @Test
  void aTemplateUaIsEncodedOnceAndTheSameEachTime() {
    String ua = "Roku/DVP-12.0 (12.0.0.4186-55)";
    assertEquals("Roku%2FDVP-12.0%20(12.0.0.4186-55)", KochavaPayload.encodedUa(ua));
    assertEquals(KochavaPayload.encodedUa(ua), KochavaPayload.encodedUa(new String(ua.toCharArray())));
    String longUa = "Mozilla/5.0 " + "x".repeat(600);
    assertEquals(UriComponent.encode(longUa), KochavaPayload.encodedUa(longUa)); // encoded, not kept
  }

  private static Envelope envelope(Random random) {
    Map<String, String> ids = new LinkedHashMap<>();
    ids.put("rida", "fa73d67d-f55c-5af3-883a-726253dc7d0e");
    if (random.nextBoolean()) {
      ids.put("udid", "a1b2c3d4");
    }
    String ua = random.nextInt(3) == 0 ? null : "Roku/DVP-12.0 (12.0.0.4186) \"q\"";
    ResolvedDevice device = new ResolvedDevice(ids, new InstallKey("rida", "fa73"), ua,
        ua == null ? UaSource.NONE : UaSource.TEMPLATE, random.nextBoolean() ? "3920X-RokuOS-12.0.0" : null,
        random.nextBoolean());
    JsonObject att = random.nextBoolean() ? null : new JsonObject().put("att", random.nextBoolean())
        .put("att_time", 1764324000L);
    JsonObject asa = random.nextBoolean() ? null : new JsonObject().put("ad_services_token", "tok")
        .put("iad-attribution", "true");
    JsonObject consent = random.nextBoolean() ? null : new JsonObject().put("gdpr_applies", 1).put("tc_string", "CP");
    JsonObject data = new JsonObject();
    for (int i = random.nextInt(6); i > 0; i--) {
      data.put(pick(random), random.nextInt(3) == 0 ? ((JsonObject) StrictJson.parse("{\"n\":1.50}".getBytes()).value())
          : random.nextBoolean() ? new JsonArray().add(1).add("b") : "v" + i);
    }
    Envelope.Event event = random.nextBoolean() ? null : new Envelope.Event("purchase",
        new JsonObject().put("sku", "a/b"), random.nextBoolean() ? "USD" : null);
    return new Envelope(event, "kotv-app", random.nextBoolean() ? "3.3.0" : null, "KGabc", 1764324000L,
        "203.0.113.9", device, random.nextBoolean(), att, asa, random.nextBoolean() ? "utm_source=tv" : null, data,
        consent);
  }

  private static String pick(Random random) {
    return KEYS[random.nextInt(KEYS.length)];
  }

  /** The body as a tree, as KochavaPayload built it before it wrote in one pass. */
  private static JsonObject tree(Envelope envelope, WireOptions wire) {
    ResolvedDevice device = envelope.device();
    JsonObject data = new JsonObject();
    if (envelope.event() != null) {
      data.put("event_name", envelope.event().name()).put("event_data", envelope.event().data());
      if (envelope.event().currency() != null) {
        data.put("currency", envelope.event().currency());
      }
    }
    data.put("usertime", wire.usertimeAsNumber() ? (Object) envelope.usertime() : Long.toString(envelope.usertime()));
    if (envelope.appVersion() != null && !wire.appVersionTopLevel()) {
      data.put("app_version", envelope.appVersion());
    }
    data.put("origination_ip", envelope.originationIp());
    String ua = device.deviceUa();
    data.put("device_ua", ua == null ? "" : wire.encodeDeviceUa() ? UriComponent.encode(ua) : ua);
    if (device.deviceVer() != null) {
      data.put("device_ver", device.deviceVer());
    }
    JsonObject ids = new JsonObject();
    device.deviceIds().forEach(ids::put);
    data.put("device_ids", ids);
    if (envelope.limitTracking()) {
      data.put("device_limit_tracking", true);
    }
    if (envelope.att() != null) {
      if (wire.attNested()) {
        data.put("app_tracking_transparency", envelope.att().copy());
      } else {
        envelope.att().getMap().forEach(data::put);
      }
    }
    if (envelope.adServices() != null) {
      envelope.adServices().getMap().forEach(data::put);
    }
    if (envelope.referrer() != null) {
      data.put(wire.referrerKey(), envelope.referrer());
    }
    if (envelope.consent() != null) {
      data.put("gdpr_privacy_consent", envelope.consent().copy());
    }
    envelope.data().getMap().forEach((key, value) -> {
      if (!data.containsKey(key)) {
        data.put(key, value);
      }
    });
    JsonObject body = new JsonObject()
        .put("action", envelope.action())
        .put("kochava_app_id", envelope.appId())
        .put("kochava_device_id", envelope.kochavaDeviceId());
    if (envelope.appVersion() != null && wire.appVersionTopLevel()) {
      body.put("app_ver", envelope.appVersion());
    }
    return body.put("data", data);
  }
}
