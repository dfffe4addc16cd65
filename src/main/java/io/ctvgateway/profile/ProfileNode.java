package io.ctvgateway.profile;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A JSON object of a profile file read strictly: every accessor checks the type, and every error names the
 * file and the JSON path of the field ({@code roku.json: identifiers[1].formats[0].pattern: ...}).
 * The key {@code comment} is allowed in every schema object and ignored.
 */
final class ProfileNode {
  static final String COMMENT = "comment";

  private final String source;
  private final String path;
  private final JsonObject json;

  private ProfileNode(String source, String path, JsonObject json) {
    this.source = Objects.requireNonNull(source, "source");
    this.path = Objects.requireNonNull(path, "path");
    this.json = Objects.requireNonNull(json, "json");
  }

  static ProfileNode root(String source, JsonObject json) {
    return new ProfileNode(source, "", json);
  }

  String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  ProfileException error(String key, String problem) {
    return new ProfileException(source + ": " + pathOf(key) + ": " + problem);
  }

  ProfileException error(String problem) {
    return new ProfileException(source + ": " + (path.isEmpty() ? "" : path + ": ") + problem);
  }

  /** Rejects keys outside {@code allowed} (and {@code comment}), so that a typo fails loading. */
  void allowOnly(Set<String> allowed) throws ProfileException {
    for (String key : json.fieldNames()) {
      if (!allowed.contains(key) && !COMMENT.equals(key)) {
        throw error(key, "unknown key; allowed keys are " + new TreeSet<>(allowed));
      }
    }
  }

  Set<String> keys() {
    return json.fieldNames();
  }

  /** Whether the key is present, even with a JSON {@code null}. */
  boolean has(String key) {
    return json.containsKey(key);
  }

  /** A string, or null when the key is absent or JSON {@code null} (which examples use to say "none"). */
  String nullableString(String key) throws ProfileException {
    Object value = json.getValue(key);
    if (value != null && !(value instanceof String)) {
      throw error(key, "must be a string or null, got " + describe(value));
    }
    return (String) value;
  }

  /** true, false, or null when the key is absent or JSON {@code null}. */
  Boolean optBoolean(String key) throws ProfileException {
    Object value = json.getValue(key);
    if (value != null && !(value instanceof Boolean)) {
      throw error(key, "must be true, false or null, got " + describe(value));
    }
    return (Boolean) value;
  }

  /** An integer in {@code [min, max]}, or null when the key is absent. */
  Integer optInt(String key, int min, int max) throws ProfileException {
    Object value = json.getValue(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number n) || n.doubleValue() != n.intValue() || n.intValue() < min || n.intValue() > max) {
      throw error(key, "must be an integer from " + min + " to " + max + ", got " + describe(value));
    }
    return n.intValue();
  }

  /** The source file name, for messages. */
  String source() {
    return source;
  }

  /** This node's JSON path ({@code examples[2]}), empty for the root. */
  String path() {
    return path;
  }

  String string(String key) throws ProfileException {
    String value = optString(key);
    if (value == null) {
      throw error(key, "required string is missing");
    }
    return value;
  }

  /** A non-blank string, or null when the key is absent. */
  String optString(String key) throws ProfileException {
    Object value = json.getValue(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s) || s.isBlank()) {
      throw error(key, "must be a non-blank string, got " + describe(value));
    }
    return s;
  }

  boolean bool(String key, boolean fallback) throws ProfileException {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Boolean b)) {
      throw error(key, "must be true or false, got " + describe(value));
    }
    return b;
  }

  Pattern pattern(String key) throws ProfileException {
    String regex = string(key);
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw error(key, "not a valid regex: " + e.getDescription() + " near index " + e.getIndex() + " in '" + regex + "'");
    }
  }

  ProfileNode object(String key) throws ProfileException {
    ProfileNode node = optObject(key);
    if (node == null) {
      throw error(key, "required object is missing");
    }
    return node;
  }

  ProfileNode optObject(String key) throws ProfileException {
    Object value = json.getValue(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonObject o)) {
      throw error(key, "must be an object, got " + describe(value));
    }
    return new ProfileNode(source, pathOf(key), o);
  }

  /** The objects of an array; an absent key gives an empty list unless {@code required}. */
  List<ProfileNode> objects(String key, boolean required) throws ProfileException {
    JsonArray array = array(key, required);
    List<ProfileNode> nodes = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      Object value = array.getValue(i);
      if (!(value instanceof JsonObject o)) {
        throw error(key + "[" + i + "]", "must be an object, got " + describe(value));
      }
      nodes.add(new ProfileNode(source, pathOf(key) + "[" + i + "]", o));
    }
    return nodes;
  }

  /** The non-blank strings of an array; an absent key gives an empty list unless {@code required}. */
  List<String> strings(String key, boolean required) throws ProfileException {
    JsonArray array = array(key, required);
    List<String> strings = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      Object value = array.getValue(i);
      if (!(value instanceof String s) || s.isBlank()) {
        throw error(key + "[" + i + "]", "must be a non-blank string, got " + describe(value));
      }
      strings.add(s);
    }
    return strings;
  }

  /** This object as a map of strings, in file order (for tables and defaults). */
  Map<String, String> stringMap() throws ProfileException {
    Map<String, String> map = new LinkedHashMap<>();
    for (String key : json.fieldNames()) {
      Object value = json.getValue(key);
      if (!(value instanceof String s)) {
        throw error(key, "must be a string, got " + describe(value));
      }
      map.put(key, s);
    }
    return map;
  }

  private JsonArray array(String key, boolean required) throws ProfileException {
    Object value = json.getValue(key);
    if (value == null) {
      if (required) {
        throw error(key, "required non-empty array is missing");
      }
      return new JsonArray();
    }
    if (!(value instanceof JsonArray a)) {
      throw error(key, "must be an array, got " + describe(value));
    }
    if (required && a.isEmpty()) {
      throw error(key, "must not be empty");
    }
    return a;
  }

  private static String describe(Object value) {
    return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
  }
}
