package io.ctvgateway.ingest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Typed reads of request JSON fields; every failure names the field and what it got. */
final class Fields {
  private Fields() {}

  static String string(JsonObject json, String name, int maxLength) {
    return stringAt(json, "", name, maxLength);
  }

  /**
   * The string field {@code name} of {@code json}, which sits at {@code prefix + name} in the request ({@code ids.},
   * {@code events[2].}): that path is built only for an error, not for every field read.
   */
  static String stringAt(JsonObject json, String prefix, String name, int maxLength) {
    Object value = json.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String)) {
      throw wrongType(prefix + name, "a string", value);
    }
    return checked(prefix, name, (String) value, maxLength);
  }

  /**
   * {@code text} (the string at {@code prefix + name}, or null when it was not sent) if it is neither blank nor
   * longer than {@code maxLength}: {@link #stringAt}'s rules for a string already read ({@link InstallReader}).
   */
  static String checked(String prefix, String name, String text, int maxLength) {
    if (text == null) {
      return null;
    }
    if (text.isBlank()) {
      String path = prefix + name;
      throw ApiException.badRequest("invalid_value", path, path + " must not be empty; leave it out instead");
    }
    if (text.length() > maxLength) {
      String path = prefix + name;
      throw ApiException.badRequest("invalid_value", path,
          path + " must be at most " + maxLength + " characters, got " + text.length() + ": '" + clip(text) + "'");
    }
    return text;
  }

  static boolean bool(JsonObject json, String name) {
    Object value = json.getValue(name);
    if (value == null) {
      return false;
    }
    if (!(value instanceof Boolean)) {
      throw wrongType(name, "true or false", value);
    }
    return (Boolean) value;
  }

  static Long integer(JsonObject json, String name) {
    Object value = json.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Integer || value instanceof Long)) {
      throw wrongType(name, "an integer", value);
    }
    return ((Number) value).longValue();
  }

  static JsonObject object(JsonObject json, String name) {
    Object value = json.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonObject)) {
      throw wrongType(name, "an object", value);
    }
    return (JsonObject) value;
  }

  static ApiException wrongType(String path, String expected, Object value) {
    return ApiException.badRequest("wrong_type", path,
        path + " must be " + expected + ", got " + typeOf(value) + " " + clip(String.valueOf(value)));
  }

  static String typeOf(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String) {
      return "string";
    }
    if (value instanceof Boolean) {
      return "boolean";
    }
    if (value instanceof Number) {
      return "number";
    }
    if (value instanceof JsonArray) {
      return "array";
    }
    if (value instanceof JsonObject) {
      return "object";
    }
    return value.getClass().getSimpleName();
  }

  /** Bad values are echoed in messages, but never more than 64 characters of them. */
  static String clip(String text) {
    return text.length() <= 64 ? text : text.substring(0, 61) + "...";
  }
}
