package io.ctvgateway.delivery;

import io.ctvgateway.install.AcceptedInstall;
import io.ctvgateway.install.AcceptedInstallCodec;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * An install that can never reach Kochava as it is, with why.
 *
 * @param reason a stable code: {@code rejected} (a 4xx), {@code refused} (a 200 without success),
 *     {@code max_attempts}, {@code max_age}, {@code unreadable_record}
 * @param status the last upstream HTTP status, 0 when there was none (connection errors)
 * @param upstreamBody the last upstream body (clipped to 2 KiB), or the last error
 * @param attempts how many times it was sent
 * @param deadAtMillis when it was dead-lettered
 * @param install the install as accepted; null only for an unreadable record (then {@code raw} holds it)
 * @param raw the journal payload, Base64, when it could not be read as a request
 */
public record DeadLetter(
    String reason, int status, String upstreamBody, int attempts, long deadAtMillis, AcceptedInstall install,
    String raw) {

  public DeadLetter {
    Objects.requireNonNull(reason, "reason");
    upstreamBody = upstreamBody == null ? "" : upstreamBody.length() > 2048 ? upstreamBody.substring(0, 2048) : upstreamBody;
  }

  byte[] toBytes() {
    JsonObject json = new JsonObject()
        .put("reason", reason)
        .put("status", status)
        .put("upstream_body", upstreamBody)
        .put("attempts", attempts)
        .put("dead_at", deadAtMillis);
    if (install != null) {
      json.put("install", AcceptedInstallCodec.toJson(install));
    }
    if (raw != null) {
      json.put("raw", raw);
    }
    return json.encode().getBytes(StandardCharsets.UTF_8);
  }

  static DeadLetter fromBytes(byte[] bytes) {
    JsonObject json = new JsonObject(new String(bytes, StandardCharsets.UTF_8));
    // "request" (with one-letter keys) is what earlier versions wrote.
    JsonObject install = json.containsKey("install") ? json.getJsonObject("install") : json.getJsonObject("request");
    return new DeadLetter(
        json.getString("reason"),
        json.getInteger("status", 0),
        json.getString("upstream_body"),
        json.getInteger("attempts", 0),
        json.getLong("dead_at", 0L),
        install == null ? null : AcceptedInstallCodec.fromJson(install),
        json.getString("raw"));
  }

  static String base64(byte[] payload) {
    return Base64.getEncoder().encodeToString(payload);
  }
}
