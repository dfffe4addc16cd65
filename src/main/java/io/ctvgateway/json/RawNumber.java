package io.ctvgateway.json;

import java.util.Objects;

/**
 * A JSON number as the client wrote it ({@code 1e9}, {@code 0.10}, {@code -0}), kept so that it reaches
 * Kochava with the same text: decoding it to a double and writing that back would turn {@code 1e9} into
 * {@code 1.0E9}. {@link StrictJson} makes one for every number that is not a plain integer; a {@link Number},
 * so Vert.x's JSON types carry it as they are.
 */
public final class RawNumber extends Number {
  private static final long serialVersionUID = 1L;

  private final String text;
  private final double value;

  RawNumber(String text, double value) {
    this.text = Objects.requireNonNull(text, "text");
    this.value = value;
  }

  /** The number's JSON text, exactly as received. */
  public String text() {
    return text;
  }

  @Override
  public int intValue() {
    return (int) value;
  }

  @Override
  public long longValue() {
    return (long) value;
  }

  @Override
  public float floatValue() {
    return (float) value;
  }

  @Override
  public double doubleValue() {
    return value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RawNumber number && number.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
