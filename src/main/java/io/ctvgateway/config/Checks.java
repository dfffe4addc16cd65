package io.ctvgateway.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Validation shared by the config records; every message names the key and the bad value. */
final class Checks {
  private Checks() {}

  static void range(String key, long value, long min, long max) {
    if (value < min || value > max) {
      throw new ConfigException(key + " must be between " + min + " and " + max + ", got " + value);
    }
  }

  /**
   * The constant of {@code type} whose lower-case name is {@code value} (case-insensitive), else a
   * {@link ConfigException} listing the allowed values.
   */
  static <E extends Enum<E>> E oneOf(String key, String value, Class<E> type) {
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(value)) {
        return constant;
      }
    }
    throw new ConfigException(key + " must be one of " + java.util.Arrays.stream(type.getEnumConstants())
        .map(c -> c.name().toLowerCase(java.util.Locale.ROOT)).collect(java.util.stream.Collectors.joining(", "))
        + ", got '" + value + "'");
  }

  static void notBlank(String key, String value) {
    if (value == null || value.isBlank()) {
      throw new ConfigException(key + " must not be empty");
    }
  }

  /** Accepts {@code a.b.c.d/n}, {@code v6::/n} or a bare address (a /32 or /128). */
  static void cidr(String key, String value) {
    String[] parts = value.split("/", -1);
    if (parts.length > 2 || parts[0].isBlank() || !looksLikeAddress(parts[0])) {
      throw new ConfigException(key + " must be a CIDR like 10.0.0.0/8, got '" + value + "'");
    }
    int bits;
    try {
      bits = InetAddress.getByName(parts[0]).getAddress().length * 8;
    } catch (UnknownHostException e) {
      throw new ConfigException(key + " must be a CIDR like 10.0.0.0/8, got '" + value + "'");
    }
    if (parts.length == 2) {
      try {
        int prefix = Integer.parseInt(parts[1]);
        if (prefix < 0 || prefix > bits) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        throw new ConfigException(key + " prefix must be 0.." + bits + ", got '" + value + "'");
      }
    }
  }

  /** Literal addresses only: never resolve a host name from config. */
  private static boolean looksLikeAddress(String text) {
    return text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':');
  }
}
