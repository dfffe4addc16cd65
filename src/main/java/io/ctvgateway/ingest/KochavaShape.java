package io.ctvgateway.ingest;

import io.ctvgateway.profile.DeviceProfile;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request in Kochava's own S2S shape, as a team's server sends it to {@code control.kochava.com/track/json}
 * today, turned into the gateway's request for the same install or event, so it goes through the very same path
 * (profile, de-duplication, journal, delivery):
 *
 * <ul>
 *   <li>mapped: {@code action} (install or event), {@code kochava_app_id} (app_id), {@code kochava_device_id} (kept
 *       as sent), {@code data.device_ids} (each Kochava key back to the profile's identifier: {@code rida} to the
 *       RIDA; a key the profile does not forward is a 400), {@code data.device_ver} (split back into the model and
 *       OS version: {@code <model>-<OS name>-<version>}), {@code data.device_ua} (URL-decoded: it is re-encoded on
 *       the way out), {@code data.usertime}, {@code data.app_version} (or a top-level {@code app_ver}),
 *       {@code data.device_limit_tracking} (lat), {@code data.origination_ip} (the TV's address: the sender is a
 *       server), the event's {@code event_name}, {@code event_data}, {@code currency}, and
 *       {@code data.gdpr_privacy_consent};
 *   <li>kept: every other {@code data} key, passed through in {@code data} as the gateway passes any;
 *   <li>dropped: nothing else is accepted (an unknown top-level key is a 400, as on every endpoint).
 * </ul>
 */
final class KochavaShape {
  private static final Set<String> TOP_LEVEL = Set.of("action", "kochava_app_id", "kochava_device_id", "data", "app_ver");
  private static final Set<String> MAPPED_DATA = Set.of("device_ids", "device_ver", "device_ua", "usertime",
      "app_version", "device_limit_tracking", "origination_ip", "event_name", "event_data", "currency",
      "gdpr_privacy_consent");

  /** The gateway's request for it, whether it is an event, and the TV's address when the sender gave it. */
  record Mapped(JsonObject request, boolean event, String originationIp) {}

  private static final Set<String> WEB_SDK_TOP_LEVEL = Set.of("action", "kochava_app_id", "kochava_device_id",
      "sdk_version", "sdk_protocol", "nt_id", "init_token", "data");
  /** What the Web SDK's {@code data} carries about its own run, not about the device: dropped. */
  private static final Set<String> WEB_SDK_DROPPED = Set.of("starttime", "uptime", "identity_link");
  /** The Web SDK's {@code data} keys that are mapped or dropped: the rest is kept. */
  private static final Set<String> WEB_SDK_NOT_KEPT = union(WEB_SDK_DROPPED,
      Set.of("device_ids", "usertime", "event_name", "event_data"));

  private KochavaShape() {}

  /**
   * The envelope of Kochava's Web SDK (npm {@code kochava}; LG, Tizen and Vega web apps):
   * {@code {action, kochava_app_id, kochava_device_id ("KB…"), sdk_version, sdk_protocol, nt_id, init_token?,
   * data:{usertime, device_ids, package, disp_w, disp_h, language, conversion_data, identity_link, ...}}}. Mapped:
   * action, app id, the SDK's device id (kept as sent), {@code data.device_ids} (the app's custom ids, by the
   * profile's identifier names, aliases or Kochava keys), usertime, an event's name and data. Dropped: the SDK's
   * transport fields ({@code sdk_version}, {@code sdk_protocol}, {@code nt_id}, {@code init_token}) and its run
   * ({@code starttime}, {@code uptime}; {@code identity_link}, which the gateway does not forward yet). Kept: the
   * other {@code data} keys ({@code package}, {@code disp_w}, {@code disp_h}, {@code language},
   * {@code conversion_data}...). The TV's own request: its address and User-Agent header are the device's.
   */
  static Mapped webSdk(Object body, DeviceProfile profile) {
    JsonObject json = envelope(body, WEB_SDK_TOP_LEVEL, "the Kochava Web SDK's JSON envelope",
        "the Kochava Web SDK's envelope");
    String action = action(json);
    JsonObject data = data(json, "device_ids, usertime, ...");
    JsonObject request = new JsonObject();
    copy(json, "kochava_app_id", request, "app_id");
    copy(json, "kochava_device_id", request, "kochava_device_id");
    JsonObject deviceIds = Fields.object(data, "device_ids");
    if (deviceIds == null || deviceIds.isEmpty()) {
      throw ApiException.badRequest("missing_field", "data.device_ids", "data.device_ids is required: the gateway"
          + " keys installs on the platform's id (the LGUDID, the TIFA...), which the app passes as a custom id");
    }
    JsonObject ids = new JsonObject();
    deviceIds.forEach(entry -> ids.put(profile.identifierOfKochavaKey(entry.getKey())
        .filter(name -> !name.equals(entry.getKey()))
        .orElse(entry.getKey()), entry.getValue()));
    request.put("ids", ids);
    usertime(data, request);
    boolean event = action.equals("event");
    if (event) {
      copy(data, "event_name", request, "event_name");
      copy(data, "event_data", request, "event_data");
    }
    keepRest(data, WEB_SDK_NOT_KEPT, request);
    return new Mapped(request, event, null);
  }

  /** The body as a JSON object of {@code shape}'s top-level keys only. */
  private static JsonObject envelope(Object body, Set<String> topLevel, String expected, String shape) {
    if (!(body instanceof JsonObject json)) {
      throw ApiException.badRequest("invalid_type", null, "the body must be " + expected);
    }
    for (String key : json.fieldNames()) {
      if (!topLevel.contains(key)) {
        throw ApiException.badRequest("unknown_field", key, key + " is not a field of " + shape + "; accepted: "
            + new TreeSet<>(topLevel));
      }
    }
    return json;
  }

  private static JsonObject data(JsonObject json, String example) {
    JsonObject data = Fields.object(json, "data");
    if (data == null) {
      throw ApiException.badRequest("missing_field", "data", "data is required (" + example + ")");
    }
    return data;
  }

  /** Passes the {@code data} keys not in {@code notKept} through in the request's {@code data}. */
  private static void keepRest(JsonObject data, Set<String> notKept, JsonObject request) {
    JsonObject rest = new JsonObject();
    data.forEach(entry -> {
      if (!notKept.contains(entry.getKey())) {
        rest.put(entry.getKey(), entry.getValue());
      }
    });
    if (!rest.isEmpty()) {
      request.put("data", rest);
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }

  private static String action(JsonObject json) {
    String action = Fields.string(json, "action", 16);
    if (!"install".equals(action) && !"event".equals(action)) {
      throw ApiException.badRequest(action == null ? "missing_field" : "invalid_value", "action",
          "action must be install or event, got " + (action == null ? "none" : "'" + Fields.clip(action) + "'"));
    }
    return action;
  }

  static Mapped s2s(Object body, DeviceProfile profile) {
    JsonObject json = envelope(body, TOP_LEVEL, "a JSON object in Kochava's S2S shape", "Kochava's S2S shape");
    String action = action(json);
    JsonObject data = data(json, "device_ids, device_ver, ...");
    JsonObject request = new JsonObject();
    copy(json, "kochava_app_id", request, "app_id");
    copy(json, "kochava_device_id", request, "kochava_device_id");
    copy(json, "app_ver", request, "app_version");
    copy(data, "app_version", request, "app_version");
    request.put("ids", ids(Fields.object(data, "device_ids"), profile));
    deviceVer(data, profile, request);
    String ua = Fields.stringAt(data, "data.", "device_ua", 4096);
    if (ua != null && !ua.isEmpty()) {
      try {
        request.put("device_ua", URLDecoder.decode(ua, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("invalid_format", "data.device_ua", "data.device_ua must be URL-encoded, got '"
            + Fields.clip(ua) + "'");
      }
    }
    usertime(data, request);
    Object limited = data.getValue("device_limit_tracking");
    if (limited != null) {
      request.put("lat", Boolean.TRUE.equals(limited) || Integer.valueOf(1).equals(limited) || "1".equals(limited)
          || "true".equals(limited));
    }
    boolean event = action.equals("event");
    if (event) {
      copy(data, "event_name", request, "event_name");
      copy(data, "event_data", request, "event_data");
      copy(data, "currency", request, "currency");
    }
    copy(data, "gdpr_privacy_consent", request, "gdpr_privacy_consent");
    keepRest(data, MAPPED_DATA, request);
    return new Mapped(request, event, Fields.stringAt(data, "data.", "origination_ip", 64));
  }

  /** Kochava's samples send usertime as a string of seconds; the gateway takes a number (a bad one is its 400). */
  private static void usertime(JsonObject data, JsonObject request) {
    Object usertime = data.getValue("usertime");
    if (usertime instanceof String text && text.matches("[0-9]{1,12}")) {
      request.put("usertime", Long.parseLong(text));
    } else if (usertime != null) {
      request.put("usertime", usertime);
    }
  }

  private static void copy(JsonObject from, String key, JsonObject to, String as) {
    Object value = from.getValue(key);
    if (value != null) {
      to.put(as, value);
    }
  }

  private static JsonObject ids(JsonObject deviceIds, DeviceProfile profile) {
    if (deviceIds == null || deviceIds.isEmpty()) {
      throw ApiException.badRequest("missing_field", "data.device_ids", "data.device_ids is required: the device's ids"
          + " under Kochava's keys");
    }
    JsonObject ids = new JsonObject();
    deviceIds.forEach(entry -> {
      String name = profile.identifierOfKochavaKey(entry.getKey()).orElseThrow(() -> ApiException.badRequest(
          "unknown_id", "data.device_ids." + entry.getKey(), "data.device_ids." + entry.getKey() + " is not a Kochava"
              + " key the " + profile.id() + " profile forwards"));
      ids.put(name, entry.getValue());
    });
    return ids;
  }

  /** {@code <model>-<OS name>-<version>}: the model may hold '-', the OS name and the version never do. */
  private static void deviceVer(JsonObject data, DeviceProfile profile, JsonObject request) {
    String deviceVer = Fields.stringAt(data, "data.", "device_ver", 256);
    if (deviceVer == null || deviceVer.isEmpty()) {
      return;
    }
    int last = deviceVer.lastIndexOf('-');
    int before = last <= 0 ? -1 : deviceVer.lastIndexOf('-', last - 1);
    String os = before < 0 ? null : deviceVer.substring(before + 1, last);
    if (before <= 0 || profile.osName() == null || !profile.osName().equals(os)) {
      throw ApiException.badRequest("invalid_format", "data.device_ver", "data.device_ver must be <model>-"
          + profile.osName() + "-<version> for " + profile.id() + ", got '" + Fields.clip(deviceVer) + "'");
    }
    request.put("model", deviceVer.substring(0, before));
    request.put("os_version", deviceVer.substring(last + 1));
  }
}
