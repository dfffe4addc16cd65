package io.ctvgateway.delivery;

import java.util.Objects;

/**
 * What to do with a record after Kochava's answer: {@link RetryPolicy} decides, {@link Delivery} does it.
 *
 * @param delayMs for {@link Action#RETRY}, {@link Action#THROTTLED} and {@link Action#MISCONFIGURED}: how long
 *     to wait
 * @param reason for {@link Action#DEAD_LETTER}: the dead letter's reason code
 */
record Decision(Action action, long delayMs, String reason) {

  enum Action {
    /** Kochava has it: settle the record. */
    SETTLE,
    /** Send it again in {@code delayMs}. */
    RETRY,
    /** It can never succeed as it is: dead-letter it with {@code reason}. */
    DEAD_LETTER,
    /** Our configuration is wrong (key, app, URL): keep it, hold the whole pipe for {@code delayMs}, alarm. */
    MISCONFIGURED,
    /** Kochava asks us to slow down: hold the whole pipe for {@code delayMs}, then send it again. */
    THROTTLED
  }

  Decision {
    Objects.requireNonNull(action, "action");
  }

  static Decision settle() {
    return new Decision(Action.SETTLE, 0, null);
  }

  static Decision retry(long delayMs) {
    return new Decision(Action.RETRY, delayMs, null);
  }

  static Decision deadLetter(String reason) {
    return new Decision(Action.DEAD_LETTER, 0, Objects.requireNonNull(reason, "reason"));
  }

  static Decision throttled(long delayMs) {
    return new Decision(Action.THROTTLED, delayMs, null);
  }

  static Decision misconfigured(long retryMs) {
    return new Decision(Action.MISCONFIGURED, retryMs, null);
  }
}
