package io.ctvgateway.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;

/**
 * Reads a body a stranger sent, refusing what a lenient parser would quietly change before it is forwarded:
 * <ul>
 *   <li>bytes that are not UTF-8 (overlong forms, encoded surrogates, code points past U+10FFFF) instead of
 *       decoding them to replacement characters;</li>
 *   <li>a key that appears twice in one object (last-wins lets {@code {"app_id":"bad","app_id":"ok"}} pass a
 *       check on one value and forward the other);</li>
 *   <li>a string with a lone surrogate (the escape of D800 alone), which no UTF-8 writer can send as it is;</li>
 *   <li>a number past a double's range ({@code 1e400}), which would become {@code Infinity};</li>
 *   <li>nesting deeper than {@link #MAX_DEPTH}, which a TV has no use for and an encoder may refuse later.</li>
 * </ul>
 * Integers within a long (written without {@code -0}) become {@code Integer}, {@code Long} or
 * {@code BigInteger} as Vert.x would make them; every other number is a {@link RawNumber} that keeps its text.
 */
public final class StrictJson {
  /** Objects and arrays nest at most this deep (the body itself is depth 1). */
  public static final int MAX_DEPTH = 32;

  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private StrictJson() {}

  /**
   * A body that was read: its JSON value and its bytes as received ({@code raw}: strict UTF-8, and its text the
   * exact decoding of them).
   */
  public record Parsed(Object value, Utf8Text raw) {
    /** The body's text. */
    public String text() {
      return raw.text();
    }
  }

  /** Reads {@code body} (null: none was sent); throws {@link JsonRejected} for anything it will not read. */
  public static Parsed parse(byte[] body) {
    if (body == null || body.length == 0) {
      throw new JsonRejected("empty_body", null, "the body is empty; send a JSON object");
    }
    // An ASCII body (nearly every TV's) is read by Jackson straight from its bytes: no string of it is made, and its
    // text is decoded only if someone reads it. Jackson guesses a byte source's encoding from its first four bytes
    // (zero bytes mean UTF-16 or UTF-32 to it), so a body with a NUL among them takes the text path, where the
    // NUL is the error it is.
    boolean fromBytes = readsAsBytes(body);
    String text = fromBytes ? null : utf8(body);
    try (JsonParser parser = fromBytes ? FACTORY.createParser(body) : FACTORY.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new JsonRejected("empty_body", null, "the body holds only white space; send a JSON object");
      }
      Object value = read(parser, first, null, null, -1, 1);
      if (parser.nextToken() != null) {
        throw new JsonRejected("malformed_json", null, "body is not valid JSON: more content after the value at "
            + where(parser));
      }
      return new Parsed(value, fromBytes ? Utf8Text.wrap(body) : Utf8Text.of(text, body));
    } catch (JsonProcessingException e) {
      throw new JsonRejected("malformed_json", null, "body is not valid JSON: " + firstLine(e.getOriginalMessage())
          + " at " + where(e));
    } catch (IOException e) {
      throw new IllegalStateException("reading a String cannot fail", e);
    }
  }

  /**
   * A parser over {@code body}'s bytes, made as {@link #parse} makes it for an ASCII body, or null when parse would
   * decode the body first (empty, not ASCII, or a NUL among its first four bytes): for a reader of one common shape
   * (the ingest package's install reader) that leaves every other body, and every error, to {@link #parse}.
   */
  public static JsonParser asciiParser(byte[] body) throws IOException {
    return body == null || body.length == 0 || !readsAsBytes(body) ? null : FACTORY.createParser(body);
  }

  /** Whether {@link #parse} hands {@code body} to Jackson as bytes (see there), not decoded to text first. */
  private static boolean readsAsBytes(byte[] body) {
    return ascii(body) && noNulInFirstFour(body);
  }

  /** Whether {@code text} holds a surrogate, paired or not (only an escape can put one in an ASCII body). */
  public static boolean hasSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isSurrogate(text.charAt(i))) {
        return true; // paired or not: checkString tells them apart
      }
    }
    return false;
  }

  /**
   * Where a value is, rendered to text only for an error: a body's twenty-odd fields would otherwise cost a
   * concatenated path string each on every request.
   */
  private static final class Path {
    static final Path ROOT = new Path(null, null, -1);
    final Path parent;
    final String name;
    final int index;

    Path(Path parent, String name, int index) {
      this.parent = parent;
      this.name = name;
      this.index = index;
    }

    Path field(String field) {
      return new Path(this, field, -1);
    }

    Path item(int i) {
      return new Path(this, null, i);
    }

    /** {@code ids.roku_rida}, {@code events[2].event_name}; the body itself is "". */
    String text() {
      if (parent == null) {
        return "";
      }
      String prefix = parent.text();
      return name == null ? prefix + "[" + index + "]" : prefix.isEmpty() ? name : prefix + "." + name;
    }
  }

  /** Where the value named {@code name} (or at {@code index}) of {@code parent} is; the body's own for no parent. */
  private static Path at(Path parent, String name, int index) {
    return parent == null ? Path.ROOT : name != null ? parent.field(name) : parent.item(index);
  }

  /**
   * Reads the value that starts at {@code token}: the member {@code name} of {@code parent}, or its item at
   * {@code index} (no parent: the body). The value's {@link Path} is made only for an object or an array (whose
   * members need it) or an error: a scalar's would be an object per field per request, for nothing.
   */
  private static Object read(JsonParser parser, JsonToken token, Path parent, String name, int index, int depth)
      throws IOException {
    switch (token) {
      case START_OBJECT -> {
        Path path = at(parent, name, index);
        checkDepth(path, depth);
        JsonObject object = new JsonObject(new LinkedHashMap<>());
        for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
          String field = parser.currentName();
          if (hasSurrogate(field)) {
            String prefix = path.text();
            checkString(field, prefix.isEmpty() ? escaped(field) : prefix + "." + escaped(field), "key");
          }
          if (object.containsKey(field)) {
            String text = path.field(field).text();
            throw new JsonRejected("duplicate_field", text,
                "field '" + clip(text) + "' appears twice; send each field once");
          }
          object.put(field, read(parser, parser.nextToken(), path, field, -1, depth + 1));
        }
        return object;
      }
      case START_ARRAY -> {
        Path path = at(parent, name, index);
        checkDepth(path, depth);
        ArrayList<Object> items = new ArrayList<>();
        for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
          items.add(read(parser, next, path, null, items.size(), depth + 1));
        }
        return new JsonArray(items);
      }
      case VALUE_STRING -> {
        String value = parser.getText();
        if (hasSurrogate(value)) {
          checkString(value, at(parent, name, index).text(), "value");
        }
        return value;
      }
      case VALUE_NUMBER_INT -> {
        String text = parser.getText();
        if (text.equals("-0")) {
          return new RawNumber(text, -0.0);
        }
        return switch (parser.getNumberType()) {
          case INT -> parser.getIntValue();
          case LONG -> parser.getLongValue();
          default -> parser.getBigIntegerValue();
        };
      }
      case VALUE_NUMBER_FLOAT -> {
        double value = parser.getDoubleValue();
        if (Double.isInfinite(value) || Double.isNaN(value)) {
          String text = at(parent, name, index).text();
          throw new JsonRejected("invalid_number", field(text),
              (text.isEmpty() ? "the body" : text) + " must be a finite number, got " + clip(parser.getText()));
        }
        return new RawNumber(parser.getText(), value);
      }
      case VALUE_TRUE -> {
        return Boolean.TRUE;
      }
      case VALUE_FALSE -> {
        return Boolean.FALSE;
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw new JsonRejected("malformed_json", field(at(parent, name, index).text()),
          "body is not valid JSON: unexpected " + token + " at " + where(parser));
    }
  }

  private static void checkDepth(Path at, int depth) {
    if (depth > MAX_DEPTH) {
      String path = at.text();
      throw new JsonRejected("too_deep", field(path), (path.isEmpty() ? "the body" : clip(path))
          + " nests deeper than " + MAX_DEPTH + " objects and arrays");
    }
  }

  /** A lone surrogate (half of a pair) cannot be sent as UTF-8: refused rather than replaced by '?'. */
  private static void checkString(String text, String path, String what) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new JsonRejected("invalid_string", field(path), "the " + what + " at " + clip(path.isEmpty() ? "the body" : path)
            + " holds a lone surrogate \\u" + Integer.toHexString(c) + " at character " + i
            + "; escape a character outside the BMP as a surrogate pair");
      }
    }
  }

  /** {@code text} with every surrogate written as its escape: safe to echo in an error. */
  private static String escaped(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isSurrogate(c)) {
        out.append("\\u").append(Integer.toHexString(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String utf8(byte[] body) {
    if (ascii(body)) { // nearly every TV's body: ASCII is UTF-8 as it is, and makes a compact string in one copy
      return new String(body, StandardCharsets.ISO_8859_1);
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(body);
    CharBuffer out = CharBuffer.allocate(body.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      throw new JsonRejected("invalid_utf8", null, "the body is not valid UTF-8: " + result.length()
          + " malformed byte(s) at byte " + in.position() + " (0x" + hex(body, in.position(), result.length())
          + "); JSON bodies must be UTF-8");
    }
    result = decoder.flush(out);
    if (result.isError()) {
      throw new JsonRejected("invalid_utf8", null, "the body is not valid UTF-8: it ends inside a character");
    }
    return out.flip().toString();
  }

  private static String hex(byte[] bytes, int from, int length) {
    StringBuilder out = new StringBuilder();
    for (int i = from; i < Math.min(bytes.length, from + Math.min(length, 8)); i++) {
      out.append(String.format("%02X", bytes[i] & 0xff));
    }
    return out.toString();
  }

  private static String where(JsonParser parser) {
    return "line " + parser.currentLocation().getLineNr() + ", column " + parser.currentLocation().getColumnNr();
  }

  private static String where(JsonProcessingException e) {
    return e.getLocation() == null ? "an unknown position"
        : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }

  private static String field(String path) {
    return path.isEmpty() ? null : path;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static String clip(String text) {
    return text.length() <= 64 ? text : text.substring(0, 61) + "...";
  }

  private static boolean noNulInFirstFour(byte[] bytes) {
    for (int i = 0; i < Math.min(4, bytes.length); i++) {
      if (bytes[i] == 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean ascii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }
}
