package io.ctvgateway.json;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A text held as its UTF-8 bytes, decoded to a {@code String} only when something reads it as one. What an
 * install carries from the TV to Kochava is bytes at both ends: the request body arrives as bytes, the Kochava
 * body is written as bytes ({@link JsonWriter#writeUtf8}), the journal stores them and delivery sends them.
 * Holding them as text in between cost a decode, an encode and a copy of each at every hop (a journal record
 * read by delivery was decoded into strings that were encoded again to be sent).
 *
 * <p>Immutable: the bytes are shared, never copied, so whoever hands an array to {@link #wrap} gives it up.
 */
public final class Utf8Text {
  private final byte[] bytes;
  private final int offset;
  private final int length;
  /** Decoded on first use; a String is immutable, so a racy read sees null or a whole one. */
  private String text;

  private Utf8Text(byte[] bytes, int offset, int length, String text) {
    this.bytes = bytes;
    this.offset = offset;
    this.length = length;
    this.text = text;
  }

  /** {@code text} as UTF-8 (a lone surrogate as '?', as {@link String#getBytes} writes it). */
  public static Utf8Text of(String text) {
    byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
    return new Utf8Text(encoded, 0, encoded.length, text);
  }

  /** {@code text} and its UTF-8 {@code bytes}, both known (not copied: the caller gives the array up). */
  static Utf8Text of(String text, byte[] bytes) {
    return new Utf8Text(bytes, 0, bytes.length, text);
  }

  /** {@code length} bytes of {@code bytes} from {@code offset}, which must be UTF-8 and are not copied. */
  public static Utf8Text wrap(byte[] bytes, int offset, int length) {
    if (offset < 0 || length < 0 || offset + length > bytes.length) {
      throw new IndexOutOfBoundsException(offset + "+" + length + " of " + bytes.length);
    }
    return new Utf8Text(bytes, offset, length, null);
  }

  public static Utf8Text wrap(byte[] bytes) {
    return wrap(bytes, 0, bytes.length);
  }

  /** The UTF-8 length in bytes. */
  public int length() {
    return length;
  }

  /** Copies the bytes to {@code target} at {@code at}. */
  public void copyTo(byte[] target, int at) {
    System.arraycopy(bytes, offset, target, at, length);
  }

  /** A copy of the bytes. */
  public byte[] toBytes() {
    return Arrays.copyOfRange(bytes, offset, offset + length);
  }

  /** The bytes as a Vert.x buffer that shares them (a request body sent as it is, with no copy). */
  public Buffer buffer() {
    return BufferInternal.buffer(Unpooled.wrappedBuffer(bytes, offset, length));
  }

  /** The text (decoded once). */
  public String text() {
    String decoded = text;
    if (decoded == null) {
      decoded = new String(bytes, offset, length, StandardCharsets.UTF_8);
      text = decoded;
    }
    return decoded;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Utf8Text that
        && Arrays.equals(bytes, offset, offset + length, that.bytes, that.offset, that.offset + that.length);
  }

  @Override
  public int hashCode() {
    int hash = 1;
    for (int i = offset; i < offset + length; i++) {
      hash = 31 * hash + bytes[i];
    }
    return hash;
  }

  @Override
  public String toString() {
    return text();
  }
}
