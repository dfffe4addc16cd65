package io.ctvgateway.json;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Compact JSON text of Vert.x JSON values, with {@code /} written {@code \/} (what Kochava's install
 * authentication hashes, and PHP's default), and every {@link RawNumber} written as it was received. Otherwise
 * byte for byte what Vert.x's (Jackson's) encoder writes: the short escapes for backspace, tab, newline, form
 * feed and carriage return, a six-character escape (backslash, u, 00, two upper-case hex digits) for the other
 * control characters, an escaped quote and backslash, and everything else as it is.
 */
public final class JsonWriter {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private JsonWriter() {}

  /** Kept per thread and reused, unless a rare big body grew it past this. */
  private static final int KEPT_CAPACITY = 16 * 1024;
  private static final ThreadLocal<StringBuilder> BUFFER = ThreadLocal.withInitial(() -> new StringBuilder(1024));

  public static String write(JsonObject json) {
    // A Kochava body is 500 to 900 characters: one buffer per thread, reused (a new 1 KiB one per install was
    // 3% of the bytes allocated per install), no regrowth on the hot path.
    StringBuilder out = BUFFER.get();
    out.setLength(0);
    value(out, json);
    String text = out.toString();
    if (out.capacity() > KEPT_CAPACITY) {
      BUFFER.remove();
    }
    return text;
  }

  private static void value(StringBuilder out, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String text) {
      string(out, text);
    } else if (value instanceof JsonObject object) {
      object(out, object.getMap());
    } else if (value instanceof Map<?, ?> map) {
      object(out, map);
    } else if (value instanceof JsonArray array) {
      array(out, array.getList());
    } else if (value instanceof List<?> list) {
      array(out, list);
    } else if (value instanceof Boolean) {
      out.append(value);
    } else if (value instanceof RawNumber raw) {
      out.append(raw.text());
    } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
        || value instanceof BigInteger || value instanceof BigDecimal) {
      out.append(value);
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new IllegalArgumentException("JSON has no " + d);
      }
      out.append(value);
    } else if (value instanceof CharSequence text) {
      string(out, text.toString());
    } else {
      throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }
  }

  private static void object(StringBuilder out, Map<?, ?> map) {
    out.append('{');
    boolean first = true;
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      string(out, String.valueOf(entry.getKey()));
      out.append(':');
      value(out, entry.getValue());
    }
    out.append('}');
  }

  private static void array(StringBuilder out, List<?> list) {
    out.append('[');
    for (int i = 0; i < list.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      value(out, list.get(i));
    }
    out.append(']');
  }

  private static void string(StringBuilder out, String text) {
    out.append('"');
    int plain = plainPrefix(text);
    if (plain == text.length()) { // nearly every id, UA and name: appended whole
      out.append(text).append('"');
      return;
    }
    out.append(text, 0, plain);
    for (int i = plain; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '/' -> out.append("\\/");
        case '\b' -> out.append("\\b");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\f' -> out.append("\\f");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** How many leading characters of {@code text} are written as they are. */
  private static int plainPrefix(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\' || c == '/') {
        return i;
      }
    }
    return text.length();
  }
}
