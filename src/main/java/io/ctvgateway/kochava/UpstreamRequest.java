package io.ctvgateway.kochava;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One accepted install (or event) exactly as it will be sent to Kochava, plus what operations need to
 * trace it. This is what the journal stores: the body is built once, at acceptance, so a retry after a
 * restart (or a profile change) sends the very bytes that were accepted, and signing and sending see the same
 * bytes.
 *
 * @param receipt the receipt the TV client was given
 * @param platform the profile id
 * @param appId the Kochava app id
 * @param acceptedAtMillis when the gateway accepted it (epoch millis), for the max-age rule
 * @param body the Kochava JSON body, serialised
 * @param userAgent the {@code User-Agent} header to send: the device UA, or {@code Unknown}
 * @param original the client's request body as received, kept for dead letters
 * @param orderKey the device's identity (its install key hash): delivery keeps the order of requests that
 *     share it (an event never overtakes its install); null for records written before it existed
 */
public record UpstreamRequest(
    String receipt,
    String platform,
    String appId,
    long acceptedAtMillis,
    String body,
    String userAgent,
    String original,
    String orderKey) {

  public UpstreamRequest {
    Objects.requireNonNull(receipt, "receipt");
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(userAgent, "userAgent");
    Objects.requireNonNull(original, "original");
  }

  /** The journal's representation: compact JSON, UTF-8. */
  public byte[] toBytes() {
    return new JsonObject()
        .put("r", receipt)
        .put("p", platform)
        .put("a", appId)
        .put("t", acceptedAtMillis)
        .put("b", body)
        .put("u", userAgent)
        .put("o", original)
        .put("k", orderKey)
        .encode()
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Reads what {@link #toBytes()} wrote; throws {@link IllegalArgumentException} on anything else. */
  public static UpstreamRequest fromBytes(byte[] bytes) {
    try {
      JsonObject json = new JsonObject(new String(bytes, StandardCharsets.UTF_8));
      return new UpstreamRequest(
          json.getString("r"),
          json.getString("p"),
          json.getString("a"),
          json.getLong("t"),
          json.getString("b"),
          json.getString("u"),
          json.getString("o"),
          json.getString("k"));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not an upstream request record: " + e.getMessage(), e);
    }
  }
}
