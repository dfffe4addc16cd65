package io.ctvgateway.dedupe;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Random;

/**
 * What a TV client gets back for an accepted install: 128 bits, a 48-bit millisecond timestamp then 80
 * random bits (the ULID layout), written as 26 Crockford base32 characters. Sortable by acceptance time, and
 * unguessable. Kept as two longs so the ledger stores 32 bytes, not a string.
 */
public record Receipt(long high, long low) {
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final Random RANDOM = new SecureRandom();
  /** Character to its 5-bit value, -1 where it is none (lower case accepted). */
  private static final byte[] DIGITS = new byte[128];

  static {
    java.util.Arrays.fill(DIGITS, (byte) -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      DIGITS[ALPHABET[i]] = (byte) i;
      DIGITS[Character.toLowerCase(ALPHABET[i])] = (byte) i;
    }
  }

  public static Receipt next(Clock clock) {
    long millis = clock.millis() & 0xFFFF_FFFF_FFFFL;
    // The 80 random bits in one call: each call on the shared SecureRandom takes its lock (and NativePRNG's).
    byte[] random = new byte[10];
    RANDOM.nextBytes(random);
    long high = (millis << 16) | ((random[0] & 0xFFL) << 8) | (random[1] & 0xFFL);
    long low = 0;
    for (int i = 2; i < 10; i++) {
      low = (low << 8) | (random[i] & 0xFFL);
    }
    return new Receipt(high, low);
  }

  /** Epoch millis at which the receipt was made. */
  public long millis() {
    return high >>> 16;
  }

  @Override
  public String toString() {
    // ASCII into bytes: a char[] would be copied and compressed into the string's Latin-1 bytes.
    byte[] out = new byte[26];
    // 130 bits of room for 128 bits: the first character carries the top 3 bits.
    for (int i = 25; i >= 0; i--) {
      int shift = (25 - i) * 5;
      out[i] = (byte) ALPHABET[(int) (bits(shift) & 31)];
    }
    return new String(out, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private long bits(int shift) {
    if (shift >= 128) {
      return 0;
    }
    if (shift >= 64) {
      return high >>> (shift - 64);
    }
    long value = low >>> shift;
    if (shift > 59) {
      value |= high << (64 - shift);
    }
    return value;
  }

  /** Parses {@link #toString()}. */
  public static Receipt parse(String text) {
    if (text.length() != 26) {
      throw new IllegalArgumentException("a receipt is 26 base32 characters, got '" + text + "'");
    }
    long high = 0;
    long low = 0;
    for (int i = 0; i < 26; i++) {
      char c = text.charAt(i);
      int digit = c < 128 ? DIGITS[c] : -1;
      if (digit < 0) {
        throw new IllegalArgumentException("a receipt is 26 base32 characters, got '" + text + "'");
      }
      high = (high << 5) | (low >>> 59);
      low = (low << 5) | digit;
    }
    return new Receipt(high, low);
  }
}
