package io.ctvgateway.json;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compact JSON text of Vert.x JSON values, with {@code /} written {@code \/} (what Kochava's install
 * authentication hashes, and PHP's default), and every {@link RawNumber} written as it was received. Otherwise
 * byte for byte what Vert.x's (Jackson's) encoder writes: the short escapes for backspace, tab, newline, form
 * feed and carriage return, a six-character escape (backslash, u, 00, two upper-case hex digits) for the other
 * control characters, an escaped quote and backslash, and everything else as it is.
 */
public final class JsonWriter {
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};
  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  /** For each ASCII character, 0 if it is written as it is, else the letter of its short escape, or 'u'. */
  private static final byte[] ESCAPE = new byte[128];

  static {
    for (int c = 0; c < 0x20; c++) {
      ESCAPE[c] = 'u';
    }
    ESCAPE['"'] = '"';
    ESCAPE['\\'] = '\\';
    ESCAPE['/'] = '/';
    ESCAPE['\b'] = 'b';
    ESCAPE['\t'] = 't';
    ESCAPE['\n'] = 'n';
    ESCAPE['\f'] = 'f';
    ESCAPE['\r'] = 'r';
  }

  private JsonWriter() {}

  /** Kept per thread and reused, unless a rare big body grew it past this. */
  private static final int KEPT_CAPACITY = 16 * 1024;
  private static final ThreadLocal<Sink> SINK = ThreadLocal.withInitial(Sink::new);

  /** The JSON text of {@code json}. */
  public static String write(JsonObject json) {
    return writeUtf8(json).text();
  }

  /**
   * The JSON text of {@code json} as UTF-8, written as bytes in one pass: what the journal stores and delivery sends
   * (a lone surrogate, which UTF-8 cannot carry, is written '?', as {@link String#getBytes} writes it).
   */
  public static Utf8Text writeUtf8(JsonObject json) {
    Sink out = sink();
    value(out, json);
    return written(out);
  }

  /**
   * The JSON text of {@code members} as UTF-8 (see {@link #writeUtf8(JsonObject)}): an object assembled member by
   * member, with no map built.
   */
  public static Utf8Text writeUtf8(Members members) {
    Sink out = sink();
    members(out, members);
    return written(out);
  }

  /**
   * This thread's buffer, emptied. A Kochava body is 500 to 900 bytes: one buffer per thread, reused, no regrowth
   * on the hot path.
   */
  private static Sink sink() {
    Sink out = SINK.get();
    out.size = 0;
    return out;
  }

  /** What was written, as the one copy of exactly its length; a buffer grown past the kept size is let go. */
  private static Utf8Text written(Sink out) {
    Utf8Text text = Utf8Text.wrap(Arrays.copyOf(out.bytes, out.size));
    if (out.bytes.length > KEPT_CAPACITY) {
      SINK.remove();
    }
    return text;
  }

  /**
   * An object's members in order, as a {@code LinkedHashMap} would hold them (a key put again keeps its place and
   * takes the new value), for an object that is built to be written once: no hashing and no entry per member, a
   * key found by comparing it with the few already put. A value is any JSON value {@link #writeUtf8} writes,
   * another {@code Members} included; nothing is copied.
   */
  public static final class Members {
    private String[] keys = new String[16];
    private Object[] values = new Object[16];
    private int size;

    /** {@code key} set to {@code value}: replaced in place if present, else added last. */
    public Members put(String key, Object value) {
      for (int i = 0; i < size; i++) {
        if (keys[i].equals(key)) {
          values[i] = value;
          return this;
        }
      }
      return append(key, value);
    }

    /** Added last without looking: for a key the caller knows is not among them. */
    public Members append(String key, Object value) {
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      keys[size] = Objects.requireNonNull(key, "key");
      values[size++] = value;
      return this;
    }

    /** Whether {@code key} is among the first {@code first} members. */
    public boolean has(String key, int first) {
      for (int i = 0; i < Math.min(first, size); i++) {
        if (keys[i].equals(key)) {
          return true;
        }
      }
      return false;
    }

    public int size() {
      return size;
    }
  }

  private static void members(Sink out, Members members) {
    out.put((byte) '{');
    for (int i = 0; i < members.size; i++) {
      if (i > 0) {
        out.put((byte) ',');
      }
      string(out, members.keys[i]);
      out.put((byte) ':');
      value(out, members.values[i]);
    }
    out.put((byte) '}');
  }

  /** A growable byte array. */
  private static final class Sink {
    byte[] bytes = new byte[1024];
    int size;

    /** Room for {@code more} bytes past {@code size}. */
    void ensure(int more) {
      if (size + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
      }
    }

    void put(byte b) {
      ensure(1);
      bytes[size++] = b;
    }

    void put(byte[] run) {
      ensure(run.length);
      System.arraycopy(run, 0, bytes, size, run.length);
      size += run.length;
    }

    /** Text known to be ASCII (numbers as Java writes them). */
    void ascii(String text) {
      ensure(text.length());
      for (int i = 0; i < text.length(); i++) {
        bytes[size++] = (byte) text.charAt(i);
      }
    }
  }

  private static void value(Sink out, Object value) {
    if (value == null) {
      out.put(NULL);
    } else if (value instanceof String text) {
      string(out, text);
    } else if (value instanceof JsonObject object) {
      object(out, object.getMap());
    } else if (value instanceof Members members) {
      members(out, members);
    } else if (value instanceof Map<?, ?> map) {
      object(out, map);
    } else if (value instanceof JsonArray array) {
      array(out, array.getList());
    } else if (value instanceof List<?> list) {
      array(out, list);
    } else if (value instanceof Boolean b) {
      out.put(b ? TRUE : FALSE);
    } else if (value instanceof RawNumber raw) {
      out.ascii(raw.text());
    } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      out.ascii(Long.toString(((Number) value).longValue()));
    } else if (value instanceof BigInteger || value instanceof BigDecimal) {
      out.ascii(value.toString());
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new IllegalArgumentException("JSON has no " + d);
      }
      out.ascii(value.toString());
    } else if (value instanceof CharSequence text) {
      string(out, text.toString());
    } else {
      throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }
  }

  private static void object(Sink out, Map<?, ?> map) {
    out.put((byte) '{');
    boolean first = true;
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!first) {
        out.put((byte) ',');
      }
      first = false;
      string(out, String.valueOf(entry.getKey()));
      out.put((byte) ':');
      value(out, entry.getValue());
    }
    out.put((byte) '}');
  }

  private static void array(Sink out, List<?> list) {
    out.put((byte) '[');
    for (int i = 0; i < list.size(); i++) {
      if (i > 0) {
        out.put((byte) ',');
      }
      value(out, list.get(i));
    }
    out.put((byte) ']');
  }

  /**
   * A string, quoted and escaped, as UTF-8. Room for its worst case is made once (six bytes a character: a
   * control character's escape; three for any other BMP character, four for a pair's two), so the loop writes
   * with no bounds bookkeeping of its own; an ASCII character that needs no escape, nearly every one, costs one
   * table lookup.
   */
  private static void string(Sink out, String text) {
    int length = text.length();
    out.ensure(length * 6 + 2);
    byte[] bytes = out.bytes;
    int at = out.size;
    bytes[at++] = '"';
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        byte escape = ESCAPE[c];
        if (escape == 0) {
          bytes[at++] = (byte) c;
        } else if (escape == 'u') {
          bytes[at++] = '\\';
          bytes[at++] = 'u';
          bytes[at++] = '0';
          bytes[at++] = '0';
          bytes[at++] = HEX[c >> 4];
          bytes[at++] = HEX[c & 0xF];
        } else {
          bytes[at++] = '\\';
          bytes[at++] = escape;
        }
      } else if (c < 0x800) {
        bytes[at++] = (byte) (0xC0 | (c >> 6));
        bytes[at++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
        int code = Character.toCodePoint(c, text.charAt(++i));
        bytes[at++] = (byte) (0xF0 | (code >> 18));
        bytes[at++] = (byte) (0x80 | ((code >> 12) & 0x3F));
        bytes[at++] = (byte) (0x80 | ((code >> 6) & 0x3F));
        bytes[at++] = (byte) (0x80 | (code & 0x3F));
      } else if (Character.isSurrogate(c)) {
        bytes[at++] = '?';
      } else {
        bytes[at++] = (byte) (0xE0 | (c >> 12));
        bytes[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        bytes[at++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    bytes[at++] = '"';
    out.size = at;
  }
}
