package io.ctvgateway.delivery;

import io.ctvgateway.config.DeliveryConfig;
import io.ctvgateway.kochava.KochavaAnswer;
import java.time.Clock;

/**
 * Turns Kochava's answer to one attempt into a {@link Decision}: delivered records settle; retryable ones wait
 * out an exponential backoff with jitter ({@link Backoff}) or the server's {@code Retry-After}; a 4xx (or a
 * 200 that says it failed) is dead-lettered at once; 401/403 or a redirect means our configuration is wrong:
 * held for {@code misconfigured_retry_ms}, never dead-lettered for it. A record past {@code max_attempts}, or
 * that would pass {@code max_age_ms} before its next try, is dead-lettered: nothing expires silently.
 */
final class RetryPolicy {
  private final DeliveryConfig config;
  private final Backoff backoff;
  private final Clock clock;

  RetryPolicy(DeliveryConfig config, Clock clock) {
    this.config = config;
    this.backoff = new Backoff(config.initialBackoffMs(), config.maxBackoffMs());
    this.clock = clock;
  }

  /** {@code attempt} has been sent {@code attempt.attempts} times, the last one answered {@code answer}. */
  Decision decide(Attempt attempt, KochavaAnswer answer) {
    return switch (answer.verdict()) {
      case DELIVERED -> Decision.settle();
      case INVALID -> Decision.deadLetter(answer.status() == 200 ? "refused" : "rejected");
      case MISCONFIGURED -> Decision.misconfigured(config.misconfiguredRetryMs());
      case THROTTLED -> retryOrGiveUp(attempt,
          answer.retryAfterMs() >= 0 ? answer.retryAfterMs() : backoff.delayMillis(attempt.attempts));
      case RETRY -> retryOrGiveUp(attempt, backoff.delayMillis(attempt.attempts));
    };
  }

  /**
   * The delay before a dead letter that could not be written, or a settlement that could not be made (the key
   * log's disk is full, say), is tried again.
   */
  long storageRetryMs() {
    return Math.min(1_000, config.maxBackoffMs());
  }

  private Decision retryOrGiveUp(Attempt attempt, long delayMs) {
    if (attempt.attempts >= config.maxAttempts()) {
      return Decision.deadLetter("max_attempts");
    }
    if (clock.millis() - attempt.install.acceptedAtMillis() + delayMs > config.maxAgeMs()) {
      return Decision.deadLetter("max_age");
    }
    return Decision.retry(delayMs);
  }
}
