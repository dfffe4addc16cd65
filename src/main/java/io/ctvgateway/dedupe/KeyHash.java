package io.ctvgateway.dedupe;

import io.ctvgateway.profile.InstallKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How install keys become {@link LedgerKey}s: plain SHA-256 ({@link #unkeyed()}, the default), or HMAC-SHA256
 * with a deployment secret ({@link #keyed}) that every gateway of a deployment shares. Keyed, a ledger key
 * (in the key log, in Redis, in the derived {@code kochava_device_id}) cannot be recomputed from a known device
 * id by someone who has the data but not the secret, so it says nothing about which device it is. Changing the
 * secret changes every key: every device's next install is accepted again (and gets a new derived
 * {@code kochava_device_id}); set it before the first install, and keep it.
 */
public final class KeyHash {
  private final byte[] secret;

  private KeyHash(byte[] secret) {
    this.secret = secret;
  }

  public static KeyHash unkeyed() {
    return new KeyHash(null);
  }

  public static KeyHash keyed(String secret) {
    return new KeyHash(secret.getBytes(StandardCharsets.UTF_8));
  }

  /** Keyed with {@code ledger.key_secret}, or unkeyed when it is not set (null). */
  public static KeyHash of(String secretOrNull) {
    return secretOrNull == null ? unkeyed() : keyed(secretOrNull);
  }

  /** The key of one install: (app, platform, install key type, value). */
  public LedgerKey device(String appId, String platform, InstallKey installKey) {
    if (secret == null) {
      return LedgerKey.of(appId, platform, installKey);
    }
    return hmac(appId + '\0' + platform + '\0' + installKey.type() + '\0' + installKey.value());
  }

  /** The key of one event of a device: its install key and the client's {@code event_id}. */
  public LedgerKey event(LedgerKey device, String eventId) {
    if (secret == null) {
      return LedgerKey.ofEvent(device, eventId);
    }
    return hmac(device.hex() + '\0' + "event" + '\0' + eventId);
  }

  private LedgerKey hmac(String material) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      ByteBuffer digest = ByteBuffer.wrap(mac.doFinal(material.getBytes(StandardCharsets.UTF_8)));
      return new LedgerKey(digest.getLong(), digest.getLong());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has HmacSHA256", e);
    }
  }

  @Override
  public String toString() {
    return secret == null ? "KeyHash[sha-256]" : "KeyHash[hmac-sha256]";
  }
}
