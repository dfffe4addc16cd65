package io.ctvgateway.kochava;

import java.util.Objects;

/**
 * What one request to Kochava came to.
 *
 * @param verdict what it means for the install that was sent
 * @param status the HTTP status, 0 when there was no answer (connection error, deadline)
 * @param body the answer's body, or the error when there was no answer
 * @param retryAfterMs the server's {@code Retry-After} in milliseconds, -1 when it sent none
 */
public record KochavaAnswer(Verdict verdict, int status, String body, long retryAfterMs) {
  public KochavaAnswer {
    Objects.requireNonNull(verdict, "verdict");
    body = body == null ? "" : body;
  }

  /** No answer at all: retried. */
  static KochavaAnswer noAnswer(Throwable cause) {
    return new KochavaAnswer(Verdict.RETRY, 0, String.valueOf(cause), -1);
  }
}
