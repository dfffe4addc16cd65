package io.ctvgateway.install;

import io.ctvgateway.dedupe.LedgerKey;
import io.ctvgateway.dedupe.Receipt;
import io.ctvgateway.json.Utf8Text;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The journal's representation of an {@link AcceptedInstall}, and the readable JSON a dead letter keeps.
 *
 * <p>Binary record: a format byte ({@code 0xC1}), the acceptance time (8 bytes), then nine fields in this
 * order, each as its UTF-8 length (4 bytes, -1 for null) and bytes: receipt, platform, app id, body, user
 * agent, original, order key, ledger key. Binary rather than JSON because the body and the original request
 * are JSON themselves: nesting them as JSON strings cost a fifth of the gateway's CPU in escaping. Records of
 * earlier versions, JSON objects with one-letter keys, still read.
 *
 * <p>{@link #keysOf} reads the receipt and ledger key of a record without decoding the rest (start-up
 * recovers the keys of a million unsettled records this way); it sits beside {@link #toBytes} because both
 * depend on the field order, and {@code AcceptedInstallCodecTest} checks that they agree on every field.
 */
public final class AcceptedInstallCodec {
  /** Marks the binary record; a legacy JSON record starts with '{'. */
  private static final byte FORMAT_V1 = (byte) 0xC1;
  /**
   * V1 and a tenth field, the target; written only for a record with a target (an identity link), so every
   * install and event stays V1 and a rollback still reads them.
   */
  private static final byte FORMAT_V2 = (byte) 0xC2;
  /** Fields between the receipt and the ledger key: platform, app, body, user agent, original, order key. */
  private static final int FIELDS_BEFORE_LEDGER_KEY = 6;
  /** The positions of the body and the original among the fields (after the receipt, platform and app). */
  private static final int BODY = 3;
  private static final int ORIGINAL = 5;

  private AcceptedInstallCodec() {}

  public static byte[] toBytes(AcceptedInstall install) {
    String[] fields = {
        install.receipt().toString(), install.platform(), install.appId(), null, install.userAgent(), null,
        install.orderKey() == null ? null : install.orderKey().hex(),
        install.ledgerKey() == null ? null : install.ledgerKey().hex(), install.target()};
    Utf8Text body = install.bodyBytes();
    Utf8Text original = install.originalBytes();
    int count = install.target() == null ? fields.length - 1 : fields.length;
    // Sized first and written once: the body and the original copied as the bytes they already are, every other
    // field straight into the record (ASCII, nearly always, byte by byte), rather than each field's own UTF-8
    // array and then a copy of all of them.
    int[] lengths = new int[count];
    int size = 1 + Long.BYTES;
    for (int f = 0; f < count; f++) {
      lengths[f] = f == BODY ? body.length() : f == ORIGINAL ? original.length() : utf8Length(fields[f]);
      size += Integer.BYTES + lengths[f];
    }
    byte[] out = new byte[size];
    ByteBuffer buffer = ByteBuffer.wrap(out).put(install.target() == null ? FORMAT_V1 : FORMAT_V2)
        .putLong(install.acceptedAtMillis());
    for (int f = 0; f < count; f++) {
      String field = fields[f];
      if (f == BODY || f == ORIGINAL) {
        int at = buffer.putInt(lengths[f]).position();
        (f == BODY ? body : original).copyTo(out, at);
        buffer.position(at + lengths[f]);
      } else if (field == null) {
        buffer.putInt(-1);
      } else if (lengths[f] == field.length()) {
        int at = buffer.putInt(lengths[f]).position();
        for (int i = 0; i < lengths[f]; i++) {
          out[at + i] = (byte) field.charAt(i);
        }
        buffer.position(at + lengths[f]);
      } else {
        byte[] encoded = field.getBytes(StandardCharsets.UTF_8);
        if (encoded.length != lengths[f]) {
          throw new IllegalStateException("UTF-8 length " + encoded.length + " where " + lengths[f] + " was counted");
        }
        buffer.putInt(encoded.length).put(encoded);
      }
    }
    return out;
  }

  /** The UTF-8 length of {@code text} (0 for null); equal to its length exactly when it is ASCII. */
  static int utf8Length(String text) {
    if (text == null) {
      return 0;
    }
    int length = text.length();
    int bytes = length;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        if (c < 0x800) {
          bytes += 1;
        } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
          bytes += 2; // four bytes for the pair's two chars
          i++;
        } else if (!Character.isSurrogate(c)) {
          bytes += 2; // three bytes
        } // a lone surrogate is encoded as '?': one byte
      }
    }
    return bytes;
  }

  /** Reads what {@link #toBytes} wrote (or a legacy JSON record); else throws {@link IllegalArgumentException}. */
  public static AcceptedInstall fromBytes(byte[] bytes) {
    try {
      if (bytes.length > 0 && bytes[0] == '{') {
        return fromJson(new JsonObject(new String(bytes, StandardCharsets.UTF_8)));
      }
      ByteBuffer in = ByteBuffer.wrap(bytes);
      byte format = in.get();
      if (format != FORMAT_V1 && format != FORMAT_V2) {
        throw new IllegalArgumentException("unknown record format " + (bytes[0] & 0xff));
      }
      long acceptedAt = in.getLong();
      String receipt = string(in);
      String platform = string(in);
      String appId = string(in);
      // The body and the original stay the record's bytes: delivery sends the one as it is and a dead letter alone
      // reads the other.
      Utf8Text body = bytes(in);
      String userAgent = string(in);
      Utf8Text original = bytes(in);
      String orderKey = string(in);
      String ledgerKey = string(in);
      String target = format == FORMAT_V2 ? string(in) : null;
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(in.remaining() + " trailing bytes");
      }
      return new AcceptedInstall(Receipt.parse(receipt), platform, appId, acceptedAt, body, userAgent, original,
          orderKey == null ? null : OrderKey.parse(orderKey), ledgerKey == null ? null : LedgerKey.parse(ledgerKey),
          target);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not an accepted install record: " + e.getMessage(), e);
    }
  }

  /** What start-up needs of a record to recover its ledger key. */
  public record Keys(Receipt receipt, LedgerKey ledgerKey) {}

  /** The receipt and ledger key (null when none) of a record, the rest skipped undecoded. */
  public static Keys keysOf(byte[] bytes) {
    if (bytes.length == 0 || (bytes[0] != FORMAT_V1 && bytes[0] != FORMAT_V2)) {
      AcceptedInstall install = fromBytes(bytes);
      return new Keys(install.receipt(), install.ledgerKey());
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes, 1 + Long.BYTES, bytes.length - 1 - Long.BYTES);
      String receipt = string(in);
      for (int skipped = 0; skipped < FIELDS_BEFORE_LEDGER_KEY; skipped++) {
        int length = in.getInt();
        if (length > 0) {
          in.position(in.position() + length);
        }
      }
      String ledgerKey = string(in);
      return new Keys(Receipt.parse(receipt), ledgerKey == null ? null : LedgerKey.parse(ledgerKey));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not an accepted install record: " + e.getMessage(), e);
    }
  }

  /** The install as readable JSON (dead letters keep it so an operator can read it). */
  public static JsonObject toJson(AcceptedInstall install) {
    return new JsonObject()
        .put("receipt", install.receipt().toString())
        .put("platform", install.platform())
        .put("app_id", install.appId())
        .put("accepted_at", install.acceptedAtMillis())
        .put("body", install.body())
        .put("user_agent", install.userAgent())
        .put("original", install.original())
        .put("order_key", install.orderKey() == null ? null : install.orderKey().hex())
        .put("ledger_key", install.ledgerKey() == null ? null : install.ledgerKey().hex())
        .put("target", install.target());
  }

  /** Reads {@link #toJson}, or the one-letter keys of earlier versions' records and dead letters. */
  public static AcceptedInstall fromJson(JsonObject json) {
    boolean legacy = !json.containsKey("receipt") && json.containsKey("r");
    String orderKey = json.getString(legacy ? "k" : "order_key");
    String ledgerKey = json.getString(legacy ? "l" : "ledger_key");
    return new AcceptedInstall(
        Receipt.parse(json.getString(legacy ? "r" : "receipt")),
        json.getString(legacy ? "p" : "platform"),
        json.getString(legacy ? "a" : "app_id"),
        json.getLong(legacy ? "t" : "accepted_at"),
        json.getString(legacy ? "b" : "body"),
        json.getString(legacy ? "u" : "user_agent"),
        json.getString(legacy ? "o" : "original"),
        orderKey == null ? null : OrderKey.parse(orderKey),
        ledgerKey == null ? null : LedgerKey.parse(ledgerKey),
        legacy ? null : json.getString("target"));
  }

  /** A field that is never null, shared with the record's array. */
  private static Utf8Text bytes(ByteBuffer in) {
    int length = in.getInt();
    if (length < 0) {
      throw new IllegalArgumentException("a required field is null");
    }
    Utf8Text text = Utf8Text.wrap(in.array(), in.arrayOffset() + in.position(), length);
    in.position(in.position() + length);
    return text;
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
