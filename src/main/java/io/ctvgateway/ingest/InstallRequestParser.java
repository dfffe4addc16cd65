package io.ctvgateway.ingest;

import io.ctvgateway.kochava.InstallPayload;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * JSON body to {@link InstallRequest}: types, presence and lengths. What the identifiers mean is the device
 * profile's business; this class only guarantees they are strings. Unknown top-level fields are rejected so
 * that a client's typo ({@code app_vesion}) is seen at integration time, not lost in production.
 */
final class InstallRequestParser {
  static final Set<String> FIELDS = Set.of(
      "app_id", "app_version", "ids", "lat", "os_version", "model", "device_ua", "usertime",
      "kochava_device_id", "data");
  private static final Pattern APP_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
  private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7E]*");
  /** 2001-09-09: anything earlier in epoch seconds is a unit mistake or a device clock that was never set. */
  private static final long MIN_USERTIME = 1_000_000_000L;
  private static final long MAX_USERTIME = 9_999_999_999L;

  private InstallRequestParser() {}

  static InstallRequest parse(Buffer body) {
    Object value;
    try {
      value = Json.decodeValue(body);
    } catch (DecodeException e) {
      throw ApiException.badRequest("malformed_json", null, "body is not valid JSON: " + firstLine(e.getMessage()));
    }
    if (!(value instanceof JsonObject)) {
      throw ApiException.badRequest("wrong_type", null, "body must be a JSON object, got " + Fields.typeOf(value));
    }
    JsonObject json = (JsonObject) value;
    for (String name : json.fieldNames()) {
      if (!FIELDS.contains(name)) {
        throw ApiException.badRequest("unknown_field", name, "unknown field '" + name + "'; known fields: "
            + String.join(", ", FIELDS.stream().sorted().toList()));
      }
    }
    String appId = Fields.string(json, "app_id", 128);
    if (appId == null) {
      throw ApiException.badRequest("missing_field", "app_id", "app_id is required (the Kochava app id)");
    }
    if (!APP_ID.matcher(appId).matches()) {
      throw ApiException.badRequest("invalid_format", "app_id",
          "app_id must be 1-128 characters of A-Z a-z 0-9 . _ -, got '" + Fields.clip(appId) + "'");
    }
    return new InstallRequest(
        appId,
        Fields.string(json, "app_version", 64),
        ids(json),
        Fields.bool(json, "lat"),
        Fields.string(json, "os_version", 64),
        Fields.string(json, "model", 64),
        printable(Fields.string(json, "device_ua", 1024), "device_ua"),
        usertime(json),
        printable(Fields.string(json, "kochava_device_id", 128), "kochava_device_id"),
        data(json));
  }

  private static Map<String, String> ids(JsonObject json) {
    JsonObject ids = Fields.object(json, "ids");
    if (ids == null || ids.isEmpty()) {
      throw ApiException.badRequest("missing_field", "ids",
          "ids is required: an object of the platform's identifiers, e.g. {\"rida\":\"...\"}");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : ids.fieldNames()) {
      String value = Fields.string(ids, name, "ids." + name, 128);
      if (value != null) {
        out.put(name, value);
      }
    }
    return out;
  }

  private static Long usertime(JsonObject json) {
    Long usertime = Fields.integer(json, "usertime");
    if (usertime != null && (usertime < MIN_USERTIME || usertime > MAX_USERTIME)) {
      throw ApiException.badRequest("invalid_value", "usertime",
          "usertime must be epoch seconds (10 digits), got " + usertime
              + (usertime > MAX_USERTIME ? " (milliseconds?)" : ""));
    }
    return usertime;
  }

  private static JsonObject data(JsonObject json) {
    JsonObject data = Fields.object(json, "data");
    if (data == null) {
      return null;
    }
    for (String key : data.fieldNames()) {
      if (InstallPayload.RESERVED_DATA_KEYS.contains(key)) {
        throw ApiException.badRequest("reserved_key", "data." + key,
            "data." + key + " is set by the gateway and cannot be passed through; send it as its own field");
      }
    }
    return data;
  }

  private static String printable(String value, String field) {
    if (value != null && !PRINTABLE.matcher(value).matches()) {
      throw ApiException.badRequest("invalid_format", field,
          field + " must be printable ASCII, got '" + Fields.clip(value) + "'");
    }
    return value;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
