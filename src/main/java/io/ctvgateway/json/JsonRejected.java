package io.ctvgateway.json;

import java.util.Objects;

/**
 * A body {@link StrictJson} will not read, with a stable code ({@code empty_body}, {@code invalid_utf8},
 * {@code malformed_json}, {@code duplicate_field}, {@code invalid_string}, {@code invalid_number},
 * {@code too_deep}), the path of the offending field (null for the body as a whole) and a message naming the
 * rule and the bad value. Control flow: no stack trace.
 */
public final class JsonRejected extends RuntimeException {
  private final String code;
  private final String field;

  JsonRejected(String code, String field, String message) {
    super(message, null, false, false);
    this.code = Objects.requireNonNull(code, "code");
    this.field = field;
  }

  public String code() {
    return code;
  }

  /** The JSON path of the offending value ({@code data.score}), or null. */
  public String field() {
    return field;
  }
}
