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

  private UriComponent() {}

  public static String encode(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 16);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (unreserved(c)) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }

  private static boolean unreserved(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '-' || c == '_' || c == '.' || c == '!' || c == '~' || c == '*' || c == '\'' || c == '('
        || c == ')';
  }
}
