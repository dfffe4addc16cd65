package io.ctvgateway.kochava;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.ctvgateway.config.WireOptions;
import io.ctvgateway.json.JsonWriter;
import io.ctvgateway.json.Utf8Text;
import io.ctvgateway.profile.ResolvedDevice;
import io.vertx.core.json.JsonObject;
import java.util.Map;

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

  /**
   * The body of {@code envelope} as the bytes sent, written in one pass (no JSON tree is built for it). The members
   * of {@code data}, in order: the event's, {@code usertime}, {@code app_version}, {@code origination_ip},
   * {@code device_ua}, {@code device_ver}, {@code device_ids}, {@code device_limit_tracking}, ATT, Apple Search Ads,
   * the referrer, consent; a later one of these with the key of an earlier one replaces its value in place (the
   * referrer's key is configurable); then the client's own {@code data}, each key the gateway did not set, in the
   * client's order. {@code KochavaPayloadTest} holds this against the same body built as a tree.
   */
  public static Utf8Text write(Envelope envelope, WireOptions wire) {
    ResolvedDevice device = envelope.device();
    JsonWriter.Members data = new JsonWriter.Members();
    if (envelope.event() != null) {
      data.append("event_name", envelope.event().name()).append("event_data", envelope.event().data());
      if (envelope.event().currency() != null) {
        data.append("currency", envelope.event().currency());
      }
    }
    data.append("usertime", wire.usertimeAsNumber() ? (Object) envelope.usertime() : Long.toString(envelope.usertime()));
    if (envelope.appVersion() != null && !wire.appVersionTopLevel()) {
      data.append("app_version", envelope.appVersion());
    }
    data.append("origination_ip", envelope.originationIp());
    String ua = device.deviceUa();
    data.append("device_ua", ua == null ? "" : wire.encodeDeviceUa() ? encodedUa(ua) : ua);
    if (device.deviceVer() != null) {
      data.append("device_ver", device.deviceVer());
    }
    data.append("device_ids", device.deviceIds());
    if (envelope.limitTracking()) {
      data.append("device_limit_tracking", true);
    }
    if (envelope.att() != null) {
      if (wire.attNested()) {
        data.put("app_tracking_transparency", envelope.att());
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
      data.put("gdpr_privacy_consent", envelope.consent());
    }
    // The client's keys are distinct (they come from one JSON object), so each is compared with the gateway's
    // alone, not with the client's before it.
    int gatewayKeys = data.size();
    for (Map.Entry<String, Object> entry : envelope.data().getMap().entrySet()) {
      if (!data.has(entry.getKey(), gatewayKeys)) {
        data.append(entry.getKey(), entry.getValue());
      }
    }
    JsonWriter.Members body = new JsonWriter.Members()
        .append("action", envelope.action())
        .append("kochava_app_id", envelope.appId())
        .append("kochava_device_id", envelope.kochavaDeviceId());
    if (envelope.appVersion() != null && wire.appVersionTopLevel()) {
      body.append("app_ver", envelope.appVersion());
    }
    return JsonWriter.writeUtf8(body.append("data", data));
  }

  /**
   * Device UAs percent-encoded, kept: a fleet sends few distinct ones, and a template's is one string per version.
   * Bounded in count and in the length kept (real TV UAs are under 300 characters), so a flood of made-up ones
   * holds at most a few MiB.
   */
  private static final Cache<String, String> ENCODED_UAS = Caffeine.newBuilder().maximumSize(4_096)
      .executor(Runnable::run).build();
  private static final int LONGEST_UA_KEPT = 512;

  /** {@link UriComponent#encode} of a device UA, remembered. */
  static String encodedUa(String ua) {
    if (ua.length() > LONGEST_UA_KEPT) {
      return UriComponent.encode(ua);
    }
    String encoded = ENCODED_UAS.getIfPresent(ua);
    if (encoded == null) {
      encoded = UriComponent.encode(ua);
      ENCODED_UAS.put(ua, encoded);
    }
    return encoded;
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
