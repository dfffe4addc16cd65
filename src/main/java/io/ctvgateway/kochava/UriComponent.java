package io.ctvgateway.kochava;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding with JavaScript's {@code encodeURIComponent} rules: everything but
 * {@code A-Z a-z 0-9 - _ . ! ~ * ' ( )} is encoded as UTF-8 bytes. Kochava's own sample,
 * {@code Roku%2FDVP-12.0%20(12.0.0.4186-55)}, is this encoding (a space is {@code %20}, not {@code +}, and
 * parentheses stay as they are), which {@link java.net.URLEncoder} does not produce.
 */
public final class UriComponent {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
  /** ASCII characters left as they are: one array lookup each instead of a chain of comparisons. */
  private static final boolean[] UNRESERVED = new boolean[128];

  static {
    for (char c = 0; c < 128; c++) {
      UNRESERVED[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "-_.!~*'()".indexOf(c) >= 0;
    }
  }

  private UriComponent() {}

  public static String encode(String text) {
    int length = text.length();
    StringBuilder out = null; // made at the first character that changes: most of a UA is left as it is
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c < 0x80 && UNRESERVED[c]) {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = started(text, i);
      }
      if (c >= 0x80) {
        // Beyond ASCII: the rest as its UTF-8 bytes (a lone surrogate becomes '?', as String.getBytes makes it).
        for (byte b : text.substring(i).getBytes(StandardCharsets.UTF_8)) {
          append(out, b & 0xff);
        }
        return out.toString();
      }
      append(out, c);
    }
    return out == null ? text : out.toString();
  }

  /**
   * The encoding's builder, holding the first {@code upTo} characters (left as they are): three characters for each
   * of the text's, room for any ASCII text's encoding, so it grows only beyond ASCII.
   */
  private static StringBuilder started(String text, int upTo) {
    return new StringBuilder(3 * text.length()).append(text, 0, upTo);
  }

  private static void append(StringBuilder out, int c) {
    if (c < 0x80 && UNRESERVED[c]) {
      out.append((char) c);
    } else {
      out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
    }
  }
}
