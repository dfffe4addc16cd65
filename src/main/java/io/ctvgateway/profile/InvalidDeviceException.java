package io.ctvgateway.profile;

import java.util.Objects;

/**
 * A device description that breaks a profile rule: the client must change its request. Carries a stable
 * machine-readable {@code code}, the offending {@code field} (a JSON path such as {@code ids.rida}) and a
 * message that names the rule and the bad value. Control flow, so no stack trace.
 */
public final class InvalidDeviceException extends RuntimeException {
  private final String code;
  private final String field;

  public InvalidDeviceException(String code, String field, String message) {
    super(message, null, false, false);
    this.code = Objects.requireNonNull(code, "code");
    this.field = field;
  }

  /** Stable error code, e.g. {@code invalid_format}, {@code placeholder_id}, {@code no_usable_id}. */
  public String code() {
    return code;
  }

  /** The JSON path of the offending field, e.g. {@code ids.rida}, or null. */
  public String field() {
    return field;
  }
}
