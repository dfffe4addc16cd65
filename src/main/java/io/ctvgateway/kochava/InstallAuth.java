package io.ctvgateway.kochava;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Kochava's install authentication: the SHA-1 of the exact body bytes (hex), the app's secret prepended,
 * HMAC-SHA256 of that keyed with the API key (hex), sent as {@code Kochava-Auth-Token} beside
 * {@code Kochava-Api-Key}. The body must be the bytes sent, with {@code /} escaped as {@code \/}
 * ({@link KochavaPayload#serialise}).
 */
public final class InstallAuth {
  public static final String API_KEY_HEADER = "Kochava-Api-Key";
  public static final String TOKEN_HEADER = "Kochava-Auth-Token";

  private InstallAuth() {}

  public static String token(byte[] body, String apiKey, String secret) {
    return token(body, apiKey, secret, false);
  }

  /** As {@link #token(byte[], String, String)}; {@code base64}: the HMAC in Base64 rather than hex. */
  public static String token(byte[] body, String apiKey, String secret, boolean base64) {
    try {
      String bodySha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body));
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(apiKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] hmac = mac.doFinal((secret + bodySha1).getBytes(StandardCharsets.UTF_8));
      return base64 ? java.util.Base64.getEncoder().encodeToString(hmac) : HexFormat.of().formatHex(hmac);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has SHA-1 and HmacSHA256", e);
    }
  }
}
