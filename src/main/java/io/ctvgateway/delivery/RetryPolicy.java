package io.ctvgateway.delivery;

import io.ctvgateway.config.DeliveryConfig;
import io.ctvgateway.kochava.KochavaAnswer;
import java.time.Clock;

/**
 * Turns Kochava's answer to one attempt into a {@link Decision}: delivered records settle; retryable ones wait
 * out an exponential backoff with jitter ({@link Backoff}); a 4xx (or a 200 that says it failed) is
 * dead-lettered at once; 401/403 or a redirect means our configuration is wrong: held for
 * {@code misconfigured_retry_ms}, never dead-lettered for it. A record past {@code max_attempts}, or that would
 * pass {@code max_age_ms} before its next try, is dead-lettered: nothing expires silently.
 *
 * <p>Design note: a 429 is not a failure of the install. Kochava is asking the whole pipe to slow down, so the
 * decision holds the pipe, not one record: at least {@code throttle_floor_ms} (a {@code Retry-After: 0} would
 * otherwise be a busy loop), or the server's {@code Retry-After} when longer, doubling while 429s follow one
 * another (the streak ends at the first other answer). A throttled send does not count toward
 * {@code max_attempts}; only {@code max_age_ms} ends an install that Kochava keeps throttling.
 */
final class RetryPolicy {
  private final DeliveryConfig config;
  private final Backoff backoff;
  private final Clock clock;
  /** Holds in a row, across records: the pipe's throttle backoff. */
  private int throttleStreak;
  /** When the current hold ends (epoch millis): 429s for requests sent before it add nothing to the streak. */
  private long holdUntil;

  RetryPolicy(DeliveryConfig config, Clock clock) {
    this.config = config;
    this.backoff = new Backoff(config.initialBackoffMs(), config.maxBackoffMs());
    this.clock = clock;
  }

  /** {@code attempt} has been sent {@code attempt.attempts} times, the last one answered {@code answer}. */
  Decision decide(Attempt attempt, KochavaAnswer answer) {
    if (answer.verdict() == io.ctvgateway.kochava.Verdict.THROTTLED) {
      return throttled(attempt, answer.retryAfterMs());
    }
    throttleStreak = 0;
    return switch (answer.verdict()) {
      case DELIVERED -> Decision.settle();
      case INVALID -> Decision.deadLetter(answer.status() == 200 ? "refused" : "rejected");
      case MISCONFIGURED -> Decision.misconfigured(config.misconfiguredRetryMs());
      case RETRY, THROTTLED -> retryOrGiveUp(attempt, backoff.delayMillis(attempt.attempts));
    };
  }

  private Decision throttled(Attempt attempt, long retryAfterMs) {
    attempt.attempts--; // the send did not count: Kochava did not look at the install
    long now = clock.millis();
    long delay;
    if (now >= holdUntil) {
      // The first 429 after a hold (or ever): the pipe waits longer than last time.
      throttleStreak++;
      long doubled = config.throttleFloorMs() << Math.min(30, throttleStreak - 1);
      delay = Math.max(Math.min(doubled, config.maxBackoffMs()), Math.max(retryAfterMs, config.throttleFloorMs()));
      // (the floor wins over max_backoff_ms if it is set higher)
    } else {
      // Sent before the hold began (many are in flight at once): it joins the hold, it does not lengthen it,
      // unless Kochava asks for longer.
      delay = Math.max(holdUntil - now, retryAfterMs);
    }
    holdUntil = Math.max(holdUntil, now + delay);
    if (now - attempt.install.acceptedAtMillis() + delay > config.maxAgeMs()) {
      return Decision.deadLetter("max_age");
    }
    return Decision.throttled(delay);
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
