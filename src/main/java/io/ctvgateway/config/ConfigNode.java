package io.ctvgateway.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reads from one JSON object of the configuration, each error naming the full key. Keys that no
 * reader asked for are reported by {@link #rejectUnknownKeys()}, so that a typo in a config file stops the
 * start instead of being ignored.
 */
final class ConfigNode {
  private final JsonObject json;
  private final String path;
  private final Set<String> seen = new HashSet<>();

  ConfigNode(JsonObject json, String path) {
    this.json = json == null ? new JsonObject() : json;
    this.path = path;
  }

  String key(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  ConfigNode child(String name) {
    seen.add(name);
    Object value = json.getValue(name);
    if (value != null && !(value instanceof JsonObject)) {
      throw new ConfigException(key(name) + " must be an object, got " + describe(value));
    }
    return new ConfigNode((JsonObject) value, key(name));
  }

  String string(String name, String fallback) {
    seen.add(name);
    Object value = json.getValue(name);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String)) {
      throw new ConfigException(key(name) + " must be a string, got " + describe(value));
    }
    return (String) value;
  }

  long integer(String name, long fallback) {
    seen.add(name);
    Object value = json.getValue(name);
    if (value == null) {
      return fallback;
    }
    if (value instanceof String) {
      try {
        return Long.parseLong(((String) value).trim());
      } catch (NumberFormatException e) {
        throw new ConfigException(key(name) + " must be an integer, got " + describe(value));
      }
    }
    if (!(value instanceof Number) || value instanceof Double || value instanceof Float) {
      throw new ConfigException(key(name) + " must be an integer, got " + describe(value));
    }
    return ((Number) value).longValue();
  }

  /**
   * A string setting that may be given as {@code env:NAME} to keep a secret out of the file: then the variable's
   * value, which must be set. Null when the setting is absent.
   */
  String secret(String name, Map<String, String> env) {
    String value = string(name, null);
    if (value == null || !value.startsWith("env:")) {
      return value;
    }
    String variable = value.substring("env:".length());
    String resolved = env.get(variable);
    if (resolved == null || resolved.isEmpty()) {
      throw new ConfigException(key(name) + " refers to environment variable " + variable + ", which is not set");
    }
    return resolved;
  }

  double number(String name, double fallback) {
    seen.add(name);
    Object value = json.getValue(name);
    if (value == null) {
      return fallback;
    }
    if (value instanceof String text) {
      try {
        return Double.parseDouble(text.trim());
      } catch (NumberFormatException e) {
        throw new ConfigException(key(name) + " must be a number, got " + describe(value));
      }
    }
    if (!(value instanceof Number)) {
      throw new ConfigException(key(name) + " must be a number, got " + describe(value));
    }
    return ((Number) value).doubleValue();
  }

  int int32(String name, int fallback) {
    long value = integer(name, fallback);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new ConfigException(key(name) + " is out of range, got " + value);
    }
    return (int) value;
  }

  /** The boolean {@code name}, or null when it is not set. */
  Boolean optBool(String name) {
    return json.getValue(name) == null ? null : bool(name, false);
  }

  boolean bool(String name, boolean fallback) {
    seen.add(name);
    Object value = json.getValue(name);
    if (value == null) {
      return fallback;
    }
    if (value instanceof String && ("true".equals(value) || "false".equals(value))) {
      return Boolean.parseBoolean((String) value);
    }
    if (!(value instanceof Boolean)) {
      throw new ConfigException(key(name) + " must be true or false, got " + describe(value));
    }
    return (Boolean) value;
  }

  List<String> strings(String name, List<String> fallback) {
    seen.add(name);
    Object value = json.getValue(name);
    if (value == null) {
      return fallback;
    }
    if (value instanceof String) {
      String text = ((String) value).trim();
      List<String> out = new ArrayList<>();
      for (String part : text.split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
      return List.copyOf(out);
    }
    if (!(value instanceof JsonArray)) {
      throw new ConfigException(key(name) + " must be an array of strings, got " + describe(value));
    }
    List<String> out = new ArrayList<>();
    JsonArray array = (JsonArray) value;
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      if (!(item instanceof String)) {
        throw new ConfigException(key(name) + "[" + i + "] must be a string, got " + describe(item));
      }
      out.add((String) item);
    }
    return List.copyOf(out);
  }

  /** The keys of this object (for maps keyed by name, such as {@code apps}). */
  Set<String> names() {
    return new TreeSet<>(json.fieldNames());
  }

  void rejectUnknownKeys() {
    for (String name : json.fieldNames()) {
      if (!seen.contains(name)) {
        throw new ConfigException(key(name) + " is not a known setting");
      }
    }
  }

  static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String) {
      return "'" + value + "'";
    }
    return String.valueOf(value);
  }
}
