package io.ctvgateway.profile;

/**
 * Client values as error messages quote them: in single quotes, control characters replaced by {@code ?},
 * long values cut (error messages end up in logs and HTTP bodies).
 */
final class Quoted {
  private static final int MAX_SHOWN = 48;

  private Quoted() {}

  static String of(String value) {
    StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_SHOWN) + 24).append('\'');
    int shown = Math.min(value.length(), MAX_SHOWN);
    for (int i = 0; i < shown; i++) {
      char c = value.charAt(i);
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    out.append('\'');
    if (value.length() > MAX_SHOWN) {
      out.append("... (").append(value.length()).append(" chars)");
    }
    return out.toString();
  }
}
