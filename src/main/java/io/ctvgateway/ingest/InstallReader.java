package io.ctvgateway.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.ctvgateway.install.DeviceFields;
import io.ctvgateway.json.StrictJson;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /v1/{platform}/install}'s body read from its tokens straight into its fields, without the JSON tree
 * that {@link StrictJson} builds and {@link RequestParser} then looks up field by field (the tree's maps, entries
 * and two dozen lookups on every install).
 *
 * <p>It reads one shape, the one TV clients send: an ASCII object of the install's plain fields (strings,
 * {@code lat} true or false, {@code usertime} an integer), {@code ids} an object of strings, {@code data} an object
 * of strings, booleans and integers. On anything else it answers null and the body takes the tree path:
 * another field (unknown, or one it leaves to the tree: ATT, Apple Ads, consent), a null, a value of another
 * type, a nested value in {@code data}, a key sent twice, an escaped surrogate, a JSON error, bytes outside ASCII.
 * So it never decides what is wrong with a body's JSON or types: the tree path words those errors. What it does
 * check (lengths, formats, ranges) it checks through {@link RequestParser#device(String, String, Map, boolean,
 * String, String, String, Long, String, JsonObject, String, String)}, the tree path's own rules in its order,
 * so a body gets the same answer either way ({@code InstallReaderTest} holds both readers to that).
 */
final class InstallReader {
  private InstallReader() {}

  /** The body's fields; null when it is not of the common shape (the caller then reads it with the tree). */
  static DeviceFields read(byte[] body) {
    try (JsonParser parser = StrictJson.asciiParser(body)) {
      return parser == null ? null : read(parser);
    } catch (IOException e) { // a JSON error: StrictJson words it, with its position
      return null;
    }
  }

  private static DeviceFields read(JsonParser parser) throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    String appId = null;
    String appVersion = null;
    String osVersion = null;
    String model = null;
    String deviceUa = null;
    String kochavaDeviceId = null;
    String referrer = null;
    String clientKey = null;
    boolean lat = false;
    Long usertime = null;
    Map<String, String> ids = null;
    JsonObject data = null;
    int seen = 0;
    for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
      if (token != JsonToken.FIELD_NAME) {
        return null; // Jackson throws first at the input's end; a null name must never reach the switch below
      }
      String name = parser.currentName();
      int bit = bit(name);
      if (bit == 0 || (seen & bit) != 0) {
        return null; // not a field of this shape, or a field sent twice
      }
      seen |= bit;
      JsonToken value = parser.nextToken();
      switch (bit) {
        case LAT -> {
          if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE) {
            return null;
          }
          lat = value == JsonToken.VALUE_TRUE;
        }
        case USERTIME -> {
          usertime = usertime(parser, value);
          if (usertime == null) {
            return null;
          }
        }
        case IDS -> {
          ids = ids(parser, value);
          if (ids == null) {
            return null;
          }
        }
        case DATA -> {
          data = data(parser, value);
          if (data == null) {
            return null;
          }
        }
        default -> {
          String text = string(parser, value);
          if (text == null) {
            return null;
          }
          switch (bit) {
            case APP_ID -> appId = text;
            case APP_VERSION -> appVersion = text;
            case OS_VERSION -> osVersion = text;
            case MODEL -> model = text;
            case DEVICE_UA -> deviceUa = text;
            case KOCHAVA_DEVICE_ID -> kochavaDeviceId = text;
            case REFERRER -> referrer = text;
            default -> clientKey = text;
          }
        }
      }
    }
    if (parser.nextToken() != null) {
      return null; // content after the object: StrictJson's error
    }
    return RequestParser.device(appId, appVersion, ids, lat, osVersion, model, deviceUa, usertime, kochavaDeviceId,
        data, referrer, clientKey);
  }

  private static final int APP_ID = 1;
  private static final int APP_VERSION = 1 << 1;
  private static final int IDS = 1 << 2;
  private static final int LAT = 1 << 3;
  private static final int OS_VERSION = 1 << 4;
  private static final int MODEL = 1 << 5;
  private static final int DEVICE_UA = 1 << 6;
  private static final int USERTIME = 1 << 7;
  private static final int KOCHAVA_DEVICE_ID = 1 << 8;
  private static final int DATA = 1 << 9;
  private static final int REFERRER = 1 << 10;
  private static final int CLIENT_KEY = 1 << 11;

  /** The field's bit, 0 for a field this reader leaves to the tree. */
  private static int bit(String name) {
    return switch (name) {
      case "app_id" -> APP_ID;
      case "app_version" -> APP_VERSION;
      case "ids" -> IDS;
      case "lat" -> LAT;
      case "os_version" -> OS_VERSION;
      case "model" -> MODEL;
      case "device_ua" -> DEVICE_UA;
      case "usertime" -> USERTIME;
      case "kochava_device_id" -> KOCHAVA_DEVICE_ID;
      case "data" -> DATA;
      case "referrer" -> REFERRER;
      case "client_key" -> CLIENT_KEY;
      default -> 0;
    };
  }

  /** A string value as the tree holds it; null for another type or an escaped surrogate. */
  private static String string(JsonParser parser, JsonToken value) throws IOException {
    if (value != JsonToken.VALUE_STRING) {
      return null;
    }
    String text = parser.getText();
    return StrictJson.hasSurrogate(text) ? null : text;
  }

  /** {@code usertime}: an integer as the tree holds it (see {@link #treeInteger}), as a Long; else null. */
  private static Long usertime(JsonParser parser, JsonToken value) throws IOException {
    return value == JsonToken.VALUE_NUMBER_INT && treeInteger(parser) ? parser.getLongValue() : null;
  }

  /**
   * Whether the current integer token is one the tree holds as an integer (an Integer or a Long): not a larger one,
   * nor {@code -0}, which the tree keeps as a number of its own (the only zero two characters long).
   */
  private static boolean treeInteger(JsonParser parser) throws IOException {
    JsonParser.NumberType type = parser.getNumberType();
    return type == JsonParser.NumberType.LONG
        || type == JsonParser.NumberType.INT && !(parser.getIntValue() == 0 && parser.getTextLength() == 2);
  }

  /** {@code ids}: names to strings in the body's order; null for anything else, or a name sent twice. */
  private static Map<String, String> ids(JsonParser parser, JsonToken value) throws IOException {
    return members(parser, value, InstallReader::string);
  }

  /**
   * {@code data}: names to strings, booleans and integers (Integer or Long, as the tree makes them) in the body's
   * order; null for anything else (a nested value, a float, a null), or a name sent twice.
   */
  private static JsonObject data(JsonParser parser, JsonToken value) throws IOException {
    LinkedHashMap<String, Object> members = members(parser, value, InstallReader::scalar);
    return members == null ? null : new JsonObject(members);
  }

  /** Reads one member's value; null when this reader leaves it to the tree. */
  @FunctionalInterface
  private interface Member<T> {
    T read(JsonParser parser, JsonToken value) throws IOException;
  }

  /**
   * The object that starts at {@code value}, one level deep: its names to what {@code member} makes of each value, in
   * the body's order; null when it is not an object, {@code member} leaves a value to the tree, a name holds an
   * escaped surrogate, or a name comes twice.
   */
  private static <T> LinkedHashMap<String, T> members(JsonParser parser, JsonToken value, Member<T> member)
      throws IOException {
    if (value != JsonToken.START_OBJECT) {
      return null;
    }
    LinkedHashMap<String, T> members = new LinkedHashMap<>();
    for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
      if (token != JsonToken.FIELD_NAME) {
        return null;
      }
      String name = parser.currentName();
      T item = member.read(parser, parser.nextToken());
      if (item == null || StrictJson.hasSurrogate(name) || members.put(name, item) != null) {
        return null;
      }
    }
    return members;
  }

  private static Object scalar(JsonParser parser, JsonToken value) throws IOException {
    if (value == null) {
      return null;
    }
    return switch (value) {
      case VALUE_STRING -> string(parser, value);
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NUMBER_INT -> !treeInteger(parser) ? null
          : parser.getNumberType() == JsonParser.NumberType.INT ? (Object) parser.getIntValue() : parser.getLongValue();
      default -> null;
    };
  }
}
