package io.ctvgateway.kochava;

import io.ctvgateway.config.WireOptions;
import io.ctvgateway.json.JsonWriter;
import io.ctvgateway.json.Utf8Text;
import io.ctvgateway.profile.ResolvedDevice;
import io.vertx.core.json.JsonObject;

/**
 * Kochava's S2S body ({@code POST /track/json}) and {@code User-Agent} header, per
 * {@code reference/kochava-s2s.md}: {@code action} install or event, {@code usertime} as a string of epoch
 * seconds (or a number), {@code device_ua} URL-encoded (or not), empty when no real UA is known (the header
 * is then {@code Unknown} and Kochava builds a UA from {@code device_ver}); the app version in
 * {@code data.app_version} or at the top level as {@code app_ver}; ATT flat or nested.
 *
 * <p>The body is serialised once, here, with {@code /} escaped as {@code \/} (as Kochava's install
 * authentication hashes it) and every number of the client's as the client wrote it ({@link JsonWriter}), and
 * those bytes are what the journal keeps and delivery signs and sends.
 */
public final class KochavaPayload {

  /** The header Kochava expects when only {@code device_ver} is known. */
  public static final String UNKNOWN_UA = "Unknown";

  private KochavaPayload() {}

  public static JsonObject body(Envelope envelope, WireOptions wire) {
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
    // Through the maps: a JsonObject's own iteration wraps every nested value in a new JsonObject or JsonArray,
    // which JsonWriter does not need (it writes maps and lists as they are).
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

  /**
   * Kochava's IdentityLink body: {@code {"kochava_app_id", "device_id": {<the device's Kochava ids>},
   * "data": {"<name>": "<value>"}}} ({@code device_id} singular, as Kochava's S2S page writes it).
   */
  public static JsonObject identityLink(String appId, java.util.Map<String, String> deviceIds, String name,
      String value) {
    JsonObject ids = new JsonObject();
    deviceIds.forEach(ids::put);
    return new JsonObject().put("kochava_app_id", appId).put("device_id", ids)
        .put("data", new JsonObject().put(name, value));
  }

  /** The exact bytes sent: compact JSON with {@code /} written {@code \/}, as UTF-8. */
  public static Utf8Text serialise(JsonObject body) {
    return JsonWriter.writeUtf8(body);
  }

  public static String userAgent(ResolvedDevice device) {
    return device.deviceUa() == null ? UNKNOWN_UA : device.deviceUa();
  }
}
