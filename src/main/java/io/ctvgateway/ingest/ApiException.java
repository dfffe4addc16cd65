package io.ctvgateway.ingest;

import java.util.Objects;

/**
 * A request the gateway will not take, with the HTTP status, a stable error code, the offending field and a
 * message naming the broken rule and the bad value. Control flow: no stack trace. {@link FailureHandler}
 * turns it into {@code {"error":{"code","message","field"}}}.
 */
final class ApiException extends RuntimeException {
  private final int status;
  private final String code;
  private final String field;
  private final int retryAfterSeconds;

  ApiException(int status, String code, String field, String message) {
    this(status, code, field, message, 0);
  }

  ApiException(int status, String code, String field, String message, int retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.code = Objects.requireNonNull(code, "code");
    this.field = field;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static ApiException badRequest(String code, String field, String message) {
    return new ApiException(400, code, field, message);
  }

  /** 503: nothing was stored; the client should come back after {@code retryAfterSeconds}. */
  static ApiException unavailable(String code, String message, int retryAfterSeconds) {
    return new ApiException(503, code, null, message, retryAfterSeconds);
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  String field() {
    return field;
  }

  int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
