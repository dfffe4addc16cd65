package io.ctvgateway.dedupe;

import io.ctvgateway.profile.InstallKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The 128-bit identity of one install: the first half of SHA-256 over (app, platform, key type, key value).
 * Raw identifiers never reach the ledger (or Redis, or logs): only this hash does. Two longs, so a ledger
 * entry costs 32 bytes for its key rather than a 70-byte string.
 */
public record LedgerKey(long high, long low) {

  public static LedgerKey of(String appId, String platform, InstallKey installKey) {
    // The separator cannot occur in any part (ids are printable), so distinct tuples never collide textually.
    return digest(appId + '\0' + platform + '\0' + installKey.type() + '\0' + installKey.value());
  }

  /** The key of one event of a device: its install key and the client's {@code event_id}. */
  public static LedgerKey ofEvent(LedgerKey device, String eventId) {
    return digest(device.hex() + '\0' + "event" + '\0' + eventId);
  }

  private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  /**
   * One SHA-256 per thread (the event loops, a test's): {@code getInstance} looks the algorithm up among the
   * providers and builds the digest reflectively, on every install. {@code digest(byte[])} resets it for the next.
   */
  private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  });

  private static LedgerKey digest(String material) {
    MessageDigest sha256 = SHA_256.get();
    ByteBuffer digest = ByteBuffer.wrap(sha256.digest(material.getBytes(StandardCharsets.UTF_8)));
    return new LedgerKey(digest.getLong(), digest.getLong());
  }

  /** 32 lower-case hex digits. */
  public String hex() {
    return hex("");
  }

  /**
   * {@code prefix} (ASCII) then {@link #hex()}: written into one array, where two hex strings and their
   * concatenations were four strings per install (a derived device id is made for every install without one).
   */
  public String hex(String prefix) {
    int start = prefix.length();
    byte[] out = new byte[start + 32];
    for (int i = 0; i < start; i++) {
      out[i] = (byte) prefix.charAt(i);
    }
    for (int i = 0; i < 16; i++) {
      out[start + i] = DIGITS[(int) (high >>> (60 - 4 * i)) & 0xF];
      out[start + 16 + i] = DIGITS[(int) (low >>> (60 - 4 * i)) & 0xF];
    }
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  /** Parses {@link #hex()}. */
  public static LedgerKey parse(String hex) {
    if (hex.length() != 32) {
      throw new IllegalArgumentException("a ledger key is 32 hex digits, got '" + hex + "'");
    }
    return new LedgerKey(HexFormat.fromHexDigitsToLong(hex, 0, 16), HexFormat.fromHexDigitsToLong(hex, 16, 32));
  }

  @Override
  public String toString() {
    return hex();
  }
}
