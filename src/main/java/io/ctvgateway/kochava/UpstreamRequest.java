package io.ctvgateway.kochava;

import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
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
 * @param ledgerKey the install ledger key (hex) this request was admitted under, or null (an event without
 *     {@code event_id}): the embedded ledger recovers it from unsettled records after a restart
 */
public record UpstreamRequest(
    String receipt,
    String platform,
    String appId,
    long acceptedAtMillis,
    String body,
    String userAgent,
    String original,
    String orderKey,
    String ledgerKey) {

  public UpstreamRequest {
    Objects.requireNonNull(receipt, "receipt");
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(userAgent, "userAgent");
    Objects.requireNonNull(original, "original");
  }

  /** Marks the binary record; a legacy JSON record starts with '{'. */
  private static final byte FORMAT_V1 = (byte) 0xC1;

  /**
   * The journal's representation: a format byte, the acceptance time, then each string as its UTF-8 length
   * (-1 for null) and bytes. Binary rather than JSON because the body and the original request are JSON
   * themselves: nesting them as JSON strings cost a fifth of the gateway's CPU in escaping and unescaping.
   */
  public byte[] toBytes() {
    byte[][] fields = {utf8(receipt), utf8(platform), utf8(appId), utf8(body), utf8(userAgent), utf8(original),
        utf8(orderKey), utf8(ledgerKey)};
    int size = 1 + Long.BYTES;
    for (byte[] field : fields) {
      size += Integer.BYTES + (field == null ? 0 : field.length);
    }
    ByteBuffer out = ByteBuffer.allocate(size).put(FORMAT_V1).putLong(acceptedAtMillis);
    for (byte[] field : fields) {
      if (field == null) {
        out.putInt(-1);
      } else {
        out.putInt(field.length).put(field);
      }
    }
    return out.array();
  }

  /** Reads what {@link #toBytes()} wrote (or the JSON records of earlier versions); else throws {@link IllegalArgumentException}. */
  public static UpstreamRequest fromBytes(byte[] bytes) {
    try {
      if (bytes.length > 0 && bytes[0] == '{') {
        return fromJson(new JsonObject(new String(bytes, StandardCharsets.UTF_8)));
      }
      ByteBuffer in = ByteBuffer.wrap(bytes);
      if (in.get() != FORMAT_V1) {
        throw new IllegalArgumentException("unknown record format " + (bytes[0] & 0xff));
      }
      long acceptedAt = in.getLong();
      String receipt = string(in);
      String platform = string(in);
      String appId = string(in);
      String body = string(in);
      String userAgent = string(in);
      String original = string(in);
      String orderKey = string(in);
      String ledgerKey = string(in);
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(in.remaining() + " trailing bytes");
      }
      return new UpstreamRequest(receipt, platform, appId, acceptedAt, body, userAgent, original, orderKey, ledgerKey);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not an upstream request record: " + e.getMessage(), e);
    }
  }

  /** What start-up needs of a record to recover its ledger key: its receipt and ledger key (null when none). */
  public record Keys(String receipt, String ledgerKey) {}

  /**
   * Reads only the receipt and the ledger key of a record, skipping the rest without decoding it: start-up
   * recovers the keys of a million unsettled records this way in a fraction of a full decode.
   */
  public static Keys keysOf(byte[] bytes) {
    if (bytes.length == 0 || bytes[0] != FORMAT_V1) {
      UpstreamRequest request = fromBytes(bytes);
      return new Keys(request.receipt(), request.ledgerKey());
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes, 1 + Long.BYTES, bytes.length - 1 - Long.BYTES);
      String receipt = string(in);
      for (int skipped = 0; skipped < 6; skipped++) { // platform, app, body, user agent, original, order key
        int length = in.getInt();
        if (length > 0) {
          in.position(in.position() + length);
        }
      }
      return new Keys(receipt, string(in));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not an upstream request record: " + e.getMessage(), e);
    }
  }

  /** The request as JSON (dead letters keep it readable). */
  public JsonObject toJson() {
    return new JsonObject()
        .put("r", receipt)
        .put("p", platform)
        .put("a", appId)
        .put("t", acceptedAtMillis)
        .put("b", body)
        .put("u", userAgent)
        .put("o", original)
        .put("k", orderKey)
        .put("l", ledgerKey);
  }

  /** Reads {@link #toJson()}. */
  public static UpstreamRequest fromJson(JsonObject json) {
    return new UpstreamRequest(json.getString("r"), json.getString("p"), json.getString("a"), json.getLong("t"),
        json.getString("b"), json.getString("u"), json.getString("o"), json.getString("k"), json.getString("l"));
  }

  private static byte[] utf8(String text) {
    return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
  }

  private static String string(ByteBuffer in) {
    int length = in.getInt();
    if (length < 0) {
      return null;
    }
    String text = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
    in.position(in.position() + length);
    return text;
  }
}
