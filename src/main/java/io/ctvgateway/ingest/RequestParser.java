package io.ctvgateway.ingest;

import io.ctvgateway.install.DeviceFields;
import io.ctvgateway.install.EventFields;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * JSON bodies to typed requests: types, presence, lengths. What identifiers mean is the device profile's
 * business; this class only guarantees they are strings. Unknown fields are rejected, so that a client's typo
 * ({@code app_vesion}) is seen at integration time, not lost in production.
 */
final class RequestParser {
  static final Set<String> DEVICE_FIELDS = Set.of(
      "app_id", "app_version", "ids", "lat", "os_version", "model", "device_ua", "usertime", "kochava_device_id",
      "data", "att", "att_time", "att_duration", "att_detail", "app_tracking_transparency", "ad_services_token",
      "ad_services_token_time", "ad_services_attribution", "iad_attribution", "referrer", "client_key",
      "gdpr_privacy_consent", "gdpr_applies", "tc_string", "ad_user_data", "ad_personalization");
  static final Set<String> EVENT_FIELDS = Set.of("event_name", "event_data", "currency", "event_id");
  static final Set<String> BATCH_ITEM_FIELDS = Set.of("event_name", "event_data", "currency", "event_id", "usertime");
  /** {@code data} keys the gateway sets itself; the client sends them as fields of their own. */
  static final Set<String> RESERVED_DATA_KEYS = Set.of(
      "usertime", "app_version", "origination_ip", "device_ua", "device_ver", "device_ids", "device_limit_tracking",
      "event_name", "event_data", "currency", "att", "att_time", "att_duration", "att_detail",
      "app_tracking_transparency", "ad_services_token", "gdpr_privacy_consent");
  private static final Set<String> CONSENT_FIELDS = Set.of("gdpr_applies", "tc_string", "ad_user_data",
      "ad_personalization");
  /** A TCF TC string: Base64url segments joined by dots. */
  private static final Pattern TC_STRING = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
  private static final Set<String> ATT_FIELDS = Set.of("att", "att_time", "att_duration", "att_detail");
  private static final Set<String> ATT_DETAILS = Set.of("authorized", "denied", "restricted", "notDetermined");
  /** {@code [A-Za-z0-9._-]}: an app id's characters (checked by a loop: every request has one). */
  private static boolean appIdChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  }

  /** {@code [A-Za-z0-9._-]{1,128}}. */
  static boolean isAppId(String text) {
    if (text.isEmpty() || text.length() > 128) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (!appIdChar(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** {@code [\x20-\x7E]*}: printable ASCII (a UA on every request: a loop, not a regex). */
  static boolean isPrintable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        return false;
      }
    }
    return true;
  }
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
  /** 2001-09-09: anything earlier in epoch seconds is a unit mistake or a device clock that was never set. */
  private static final long MIN_EPOCH_SECONDS = 1_000_000_000L;
  private static final long MAX_EPOCH_SECONDS = 9_999_999_999L;

  private RequestParser() {}

  /** {@code POST /v1/{platform}/install}: {@code body} as {@link io.ctvgateway.json.StrictJson} read it. */
  static DeviceFields install(Object body) {
    JsonObject json = object(body);
    rejectUnknown(json, DEVICE_FIELDS, "");
    return device(json);
  }

  /** {@code POST /v1/{platform}/event}: the device fields and one event. */
  record EventRequest(DeviceFields device, EventFields event) {}

  static EventRequest event(Object body) {
    JsonObject json = object(body);
    rejectUnknown(json, union(DEVICE_FIELDS, EVENT_FIELDS), "");
    return new EventRequest(device(json), eventFields(json, "", false));
  }

  /** {@code POST /v1/{platform}/identity}: the device fields and up to ten identities (name to value), in order. */
  record IdentityRequest(DeviceFields device, java.util.LinkedHashMap<String, String> identities) {}

  static final int MAX_IDENTITIES = 10;
  private static final Pattern IDENTITY_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");

  static IdentityRequest identity(Object body) {
    JsonObject json = object(body);
    rejectUnknown(json, union(DEVICE_FIELDS, Set.of("identities")), "");
    DeviceFields device = device(json);
    JsonObject identities = Fields.object(json, "identities");
    if (identities == null || identities.isEmpty()) {
      throw ApiException.badRequest("missing_field", "identities", "identities is required: the app's own ids for"
          + " this device, as {\"name\": \"value\"} (at most " + MAX_IDENTITIES + ")");
    }
    if (identities.size() > MAX_IDENTITIES) {
      throw ApiException.badRequest("invalid_value", "identities", "at most " + MAX_IDENTITIES
          + " identities in one request (Kochava's limit), got " + identities.size());
    }
    java.util.LinkedHashMap<String, String> out = new java.util.LinkedHashMap<>();
    for (String name : identities.fieldNames()) {
      if (!IDENTITY_NAME.matcher(name).matches()) {
        throw ApiException.badRequest("invalid_format", "identities." + Fields.clip(name), "identity names are 1-64"
            + " letters, digits, '_', '.' or '-', starting with a letter, got '" + Fields.clip(name) + "'");
      }
      String value = Fields.stringAt(identities, "identities.", name, 256);
      if (value == null || value.isBlank() || !isPrintable(value)) {
        // The value itself is not quoted back: identities are the app's user ids.
        throw ApiException.badRequest("invalid_value", "identities." + name, "identities." + name
            + " must be 1-256 printable ASCII characters");
      }
      out.put(name, value);
    }
    return new IdentityRequest(device, out);
  }

  /** One item of a batch: its event, or why it was refused. */
  record BatchItem(EventFields event, ApiException error) {}

  /** {@code POST /v1/{platform}/events}: the device fields once, then {@code events}, each checked alone. */
  record BatchRequest(DeviceFields device, List<BatchItem> items) {}

  static BatchRequest batch(Object body, int maxEvents) {
    JsonObject json = object(body);
    rejectUnknown(json, union(DEVICE_FIELDS, Set.of("events")), "");
    DeviceFields device = device(json);
    Object events = json.getValue("events");
    if (events == null) {
      throw ApiException.badRequest("missing_field", "events", "events is required: an array of events");
    }
    if (!(events instanceof JsonArray array)) {
      throw Fields.wrongType("events", "an array", events);
    }
    if (array.isEmpty() || array.size() > maxEvents) {
      throw ApiException.badRequest("invalid_value", "events",
          "events must hold 1 to " + maxEvents + " events, got " + array.size());
    }
    List<BatchItem> items = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String path = "events[" + i + "].";
      try {
        Object item = array.getValue(i);
        if (!(item instanceof JsonObject object)) {
          throw Fields.wrongType("events[" + i + "]", "an object", item);
        }
        rejectUnknown(object, BATCH_ITEM_FIELDS, path);
        items.add(new BatchItem(eventFields(object, path, true), null));
      } catch (ApiException e) {
        items.add(new BatchItem(null, e));
      }
    }
    return new BatchRequest(device, items);
  }

  private static JsonObject object(Object value) {
    if (!(value instanceof JsonObject)) {
      throw ApiException.badRequest("wrong_type", null, "body must be a JSON object, got " + Fields.typeOf(value));
    }
    return (JsonObject) value;
  }

  private static void rejectUnknown(JsonObject json, Set<String> known, String prefix) {
    for (String name : json.fieldNames()) {
      if (!known.contains(name)) {
        throw ApiException.badRequest("unknown_field", prefix + name, "unknown field '" + prefix + name
            + "'; known fields: " + String.join(", ", new TreeSet<>(known)));
      }
    }
  }

  private static DeviceFields device(JsonObject json) {
    String appId = appId(Fields.string(json, "app_id", 128));
    return new DeviceFields(
        appId,
        Fields.string(json, "app_version", 64),
        ids(json),
        Fields.bool(json, "lat"),
        Fields.string(json, "os_version", 64),
        Fields.string(json, "model", 64),
        printable(Fields.string(json, "device_ua", 1024), "device_ua"),
        epochSeconds(json, "usertime", ""),
        printable(Fields.string(json, "kochava_device_id", 128), "kochava_device_id"),
        data(Fields.object(json, "data"), "data"),
        att(json),
        adServices(json),
        Fields.string(json, "referrer", 4096),
        Fields.string(json, "client_key", 128),
        consent(json));
  }

  /**
   * {@link #device(JsonObject)}'s rules, in its order, for an install body {@link InstallReader} read without a
   * tree: every value already of the type the tree would hold (null: not sent), and none of the fields it leaves
   * to the tree (ATT, Apple Ads, consent). Both readers therefore refuse a body with the same first error.
   */
  static DeviceFields device(String appId, String appVersion, Map<String, String> ids, boolean lat, String osVersion,
      String model, String deviceUa, Long usertime, String kochavaDeviceId, JsonObject data, String referrer,
      String clientKey) {
    String id = appId(Fields.checked("", "app_id", appId, 128));
    return new DeviceFields(
        id,
        Fields.checked("", "app_version", appVersion, 64),
        checkedIds(ids),
        lat,
        Fields.checked("", "os_version", osVersion, 64),
        Fields.checked("", "model", model, 64),
        printable(Fields.checked("", "device_ua", deviceUa, 1024), "device_ua"),
        epochSeconds(usertime, "usertime", ""),
        printable(Fields.checked("", "kochava_device_id", kochavaDeviceId, 128), "kochava_device_id"),
        data(data, "data"),
        null,
        null,
        Fields.checked("", "referrer", referrer, 4096),
        Fields.checked("", "client_key", clientKey, 128),
        null);
  }

  private static String appId(String appId) {
    if (appId == null) {
      throw ApiException.badRequest("missing_field", "app_id", "app_id is required (the Kochava app id)");
    }
    if (!isAppId(appId)) {
      throw ApiException.badRequest("invalid_format", "app_id",
          "app_id must be 1-128 characters of A-Z a-z 0-9 . _ -, got '" + Fields.clip(appId) + "'");
    }
    return appId;
  }

  /**
   * Google DMA consent for Kochava ({@code data.gdpr_privacy_consent}), flat ({@code gdpr_applies},
   * {@code tc_string}, {@code ad_user_data}, {@code ad_personalization}) or nested under
   * {@code gdpr_privacy_consent}, not both; returned in Kochava's shape: flags as 1/0, the TC string as sent.
   * Kochava's rule: {@code tc_string} unless both {@code ad_user_data} and {@code ad_personalization} are given
   * ({@code gdpr_applies} is required only without the user's IP, which the gateway always sends). A TC string
   * with {@code gdpr_applies} false is a contradiction (a TC string is consent under the GDPR).
   */
  private static JsonObject consent(JsonObject json) {
    Group group = group(json, "gdpr_privacy_consent", CONSENT_FIELDS, "send the consent fields flat"
        + " (gdpr_applies, tc_string, ...) or nested in gdpr_privacy_consent, not both");
    if (group == null) {
      return null;
    }
    JsonObject source = group.source();
    String prefix = group.prefix();
    JsonObject consent = new JsonObject();
    for (String flag : new String[] {"gdpr_applies", "ad_user_data", "ad_personalization"}) {
      Object value = source.getValue(flag);
      if (value == null) {
        continue;
      }
      if (value instanceof Boolean b) {
        consent.put(flag, b ? 1 : 0);
      } else if ((value instanceof Integer || value instanceof Long) && (((Number) value).longValue() == 0
          || ((Number) value).longValue() == 1)) {
        consent.put(flag, ((Number) value).intValue());
      } else {
        throw Fields.wrongType(prefix + flag, "true, false, 1 or 0", value);
      }
    }
    String tc = Fields.stringAt(source, prefix, "tc_string", 8192);
    if (tc != null) {
      if (tc.isBlank() || !TC_STRING.matcher(tc).matches()) {
        throw ApiException.badRequest("invalid_format", prefix + "tc_string", prefix + "tc_string must be a TCF TC"
            + " string (Base64url segments joined by dots), got '" + Fields.clip(tc) + "'");
      }
      consent.put("tc_string", tc);
    }
    if (tc == null && !(consent.containsKey("ad_user_data") && consent.containsKey("ad_personalization"))) {
      throw ApiException.badRequest("missing_field", prefix + "tc_string", prefix + "tc_string is required unless"
          + " both ad_user_data and ad_personalization are sent (Kochava's rule for Google's consent signals)");
    }
    if (tc != null && Integer.valueOf(0).equals(consent.getInteger("gdpr_applies"))) {
      throw ApiException.badRequest("invalid_value", prefix + "gdpr_applies", prefix + "gdpr_applies is false but a"
          + " tc_string was sent: a TC string is consent given under the GDPR; send gdpr_applies true, or no tc_string");
    }
    return consent;
  }

  private static EventFields eventFields(JsonObject json, String prefix, boolean withUsertime) {
    String name = Fields.stringAt(json, prefix, "event_name", 255);
    if (name == null) {
      throw ApiException.badRequest("missing_field", prefix + "event_name", prefix + "event_name is required");
    }
    String currency = Fields.stringAt(json, prefix, "currency", 16);
    if (currency != null && !CURRENCY.matcher(currency).matches()) {
      throw ApiException.badRequest("invalid_format", prefix + "currency",
          prefix + "currency must be an ISO 4217 code such as USD, got '" + Fields.clip(currency) + "'");
    }
    return new EventFields(
        name,
        objectAt(json, "event_data", prefix),
        currency,
        printable(Fields.stringAt(json, prefix, "event_id", 128), prefix + "event_id"),
        withUsertime ? epochSeconds(json, "usertime", prefix) : null);
  }

  private static Map<String, String> ids(JsonObject json) {
    JsonObject ids = Fields.object(json, "ids");
    if (ids == null || ids.isEmpty()) {
      throw missingIds();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : ids.fieldNames()) {
      String value = Fields.stringAt(ids, "ids.", name, 128);
      if (value != null) {
        out.put(name, value);
      }
    }
    return out;
  }

  /** {@link #ids(JsonObject)}'s rules for ids read as strings, in the body's order (none: null). */
  private static Map<String, String> checkedIds(Map<String, String> ids) {
    if (ids == null || ids.isEmpty()) {
      throw missingIds();
    }
    for (Map.Entry<String, String> id : ids.entrySet()) {
      Fields.checked("ids.", id.getKey(), id.getValue(), 128);
    }
    return ids;
  }

  private static ApiException missingIds() {
    return ApiException.badRequest("missing_field", "ids",
        "ids is required: an object of the platform's identifiers, e.g. {\"rida\":\"...\"}");
  }

  private static Long epochSeconds(JsonObject json, String name, String prefix) {
    Object raw = json.getValue(name);
    if (raw != null && !(raw instanceof Integer || raw instanceof Long)) {
      throw Fields.wrongType(prefix + name, "an integer", raw);
    }
    return epochSeconds(raw == null ? null : ((Number) raw).longValue(), name, prefix);
  }

  private static Long epochSeconds(Long value, String name, String prefix) {
    if (value != null && (value < MIN_EPOCH_SECONDS || value > MAX_EPOCH_SECONDS)) {
      throw ApiException.badRequest("invalid_value", prefix + name,
          prefix + name + " must be epoch seconds (10 digits), got " + value
              + (value > MAX_EPOCH_SECONDS ? " (milliseconds?)" : ""));
    }
    return value;
  }

  private static JsonObject data(JsonObject data, String path) {
    if (data == null) {
      return null;
    }
    for (String key : data.fieldNames()) {
      if (RESERVED_DATA_KEYS.contains(key)) {
        throw ApiException.badRequest("reserved_key", path + "." + key,
            path + "." + key + " is set by the gateway and cannot be passed through; send it as its own field");
      }
    }
    return data;
  }

  private static JsonObject objectAt(JsonObject json, String name, String prefix) {
    Object value = json.getValue(name);
    if (value != null && !(value instanceof JsonObject)) {
      throw Fields.wrongType(prefix + name, "an object", value);
    }
    return (JsonObject) value;
  }

  /** Where a group of fields sent flat or nested under {@code name} is read from, and its field-name prefix. */
  private record Group(JsonObject source, String prefix) {}

  /** The group {@code name} of {@code fields}, flat or nested but not both; null when none of it was sent. */
  private static Group group(JsonObject json, String name, Set<String> fields, String notBoth) {
    JsonObject nested = Fields.object(json, name);
    boolean flat = false;
    for (String field : fields) {
      flat |= json.containsKey(field);
    }
    if (nested != null && flat) {
      throw ApiException.badRequest("invalid_value", name, notBoth);
    }
    if (nested == null) {
      return flat ? new Group(json, "") : null;
    }
    rejectUnknown(nested, fields, name + ".");
    return new Group(nested, name + ".");
  }

  /** ATT answers flat or nested under {@code app_tracking_transparency}; returned flat. */
  private static JsonObject att(JsonObject json) {
    Group group = group(json, "app_tracking_transparency", ATT_FIELDS,
        "send the ATT fields flat (att, att_time...) or nested in app_tracking_transparency, not both");
    if (group == null) {
      return null;
    }
    JsonObject source = group.source();
    String prefix = group.prefix();
    JsonObject att = new JsonObject();
    Object granted = source.getValue("att");
    if (granted != null) {
      if (!(granted instanceof Boolean)) {
        throw Fields.wrongType(prefix + "att", "true or false", granted);
      }
      att.put("att", granted);
    }
    Long time = epochSeconds(source, "att_time", prefix);
    if (time != null) {
      att.put("att_time", time);
    }
    Object rawDuration = source.getValue("att_duration");
    if (rawDuration != null && !(rawDuration instanceof Integer || rawDuration instanceof Long)) {
      throw Fields.wrongType(prefix + "att_duration", "an integer", rawDuration);
    }
    Long duration = rawDuration == null ? null : ((Number) rawDuration).longValue();
    if (duration != null) {
      if (duration < 0) {
        throw ApiException.badRequest("invalid_value", prefix + "att_duration",
            prefix + "att_duration must be seconds >= 0, got " + duration);
      }
      att.put("att_duration", duration);
    }
    Object detail = source.getValue("att_detail");
    if (detail != null) {
      boolean ok = (detail instanceof Integer i && i >= 0 && i <= 3)
          || (detail instanceof String s && ATT_DETAILS.contains(s));
      if (!ok) {
        throw ApiException.badRequest("invalid_value", prefix + "att_detail", prefix
            + "att_detail must be an ATTrackingManager status (0-3 or authorized, denied, restricted, notDetermined),"
            + " got " + Fields.clip(String.valueOf(detail)));
      }
      att.put("att_detail", detail);
    }
    return att;
  }

  private static DeviceFields.AdServices adServices(JsonObject json) {
    String token = Fields.string(json, "ad_services_token", 8192);
    Long tokenTime = epochSeconds(json, "ad_services_token_time", "");
    JsonObject attribution = Fields.object(json, "ad_services_attribution");
    JsonObject iad = Fields.object(json, "iad_attribution");
    if (token == null && tokenTime == null && attribution == null && iad == null) {
      return null;
    }
    if (tokenTime != null && token == null) {
      throw ApiException.badRequest("missing_field", "ad_services_token",
          "ad_services_token_time is only meaningful with ad_services_token");
    }
    return new DeviceFields.AdServices(token, tokenTime, attribution, iad);
  }

  private static String printable(String value, String field) {
    if (value != null && !isPrintable(value)) {
      throw ApiException.badRequest("invalid_format", field,
          field + " must be printable ASCII, got '" + Fields.clip(value) + "'");
    }
    return value;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new HashSet<>(a);
    out.addAll(b);
    return out;
  }

}
