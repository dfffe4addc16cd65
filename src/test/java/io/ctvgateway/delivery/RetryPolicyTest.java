package io.ctvgateway.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.config.DeliveryConfig;
import io.ctvgateway.dedupe.LedgerKey;
import io.ctvgateway.dedupe.Receipt;
import io.ctvgateway.install.AcceptedInstall;
import io.ctvgateway.install.OrderKey;
import io.ctvgateway.kochava.KochavaAnswer;
import io.ctvgateway.kochava.Verdict;
import io.ctvgateway.profile.InstallKey;
import io.ctvgateway.testing.ManualClock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Retry decisions on fake time: what ten minutes of answers from Kochava come to. */
class RetryPolicyTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T10:00:00Z"));
  /** Three attempts at most, a day of age: a throttled install must outlive both limits' intent. */
  private final DeliveryConfig config = new DeliveryConfig(16, 1_000, 300_000, 3, 86_400_000, 60_000, 5, 2_000,
      60_000, 1_000);

  private Attempt attempt() {
    LedgerKey key = LedgerKey.of("koctv-app", "roku", new InstallKey("rida", "device-1"));
    return new Attempt(1, new AcceptedInstall(Receipt.next(clock), "roku", "koctv-app", clock.millis(), "{}",
        "Unknown", "{}", OrderKey.of(key), key));
  }

  private static KochavaAnswer throttled(String retryAfter) {
    return new KochavaAnswer(Verdict.THROTTLED, 429, "slow down", Long.parseLong(retryAfter) * 1000);
  }

  @ParameterizedTest(name = "Retry-After: {0}")
  @ValueSource(strings = {"0", "1"})
  void tenMinutesOfThrottlingDeadLettersNothingAndSendsNoFasterThanTheFloor(String retryAfter) {
    RetryPolicy policy = new RetryPolicy(config, clock);
    Attempt attempt = attempt();
    long end = clock.millis() + TimeUnit.MINUTES.toMillis(10);
    int sends = 0;
    while (clock.millis() < end) {
      attempt.attempts++; // what Delivery.send does
      sends++;
      Decision decision = policy.decide(attempt, throttled(retryAfter));
      assertEquals(Decision.Action.THROTTLED, decision.action(), "send " + sends);
      assertTrue(decision.delayMs() >= 1_000, "the floor holds: " + decision.delayMs());
      clock.advance(decision.delayMs());
    }
    assertEquals(0, attempt.attempts, "throttled sends do not count toward max_attempts");
    assertTrue(sends <= 600, "at most one send a second of floor over ten minutes, got " + sends);
    // Doubling from the floor up to max_backoff_ms: 1+2+4+...+256 s is 8.5 min, then 5 min waits.
    assertTrue(sends <= 11, "the hold doubles while Kochava keeps throttling, got " + sends);
  }

  @Test
  void throttlingEndsAnInstallOnlyAtMaxAge() {
    DeliveryConfig shortLived = new DeliveryConfig(16, 1_000, 300_000, 3, 60_000, 60_000, 5, 2_000, 60_000, 1_000);
    RetryPolicy policy = new RetryPolicy(shortLived, clock);
    Attempt attempt = attempt();
    Decision decision;
    do {
      attempt.attempts++;
      decision = policy.decide(attempt, throttled("0"));
      clock.advance(decision.delayMs());
    } while (decision.action() == Decision.Action.THROTTLED);
    assertEquals(Decision.Action.DEAD_LETTER, decision.action());
    assertEquals("max_age", decision.reason());
  }

  @Test
  void answersInFlightDuringAHoldJoinItAndTheStreakEndsOnAnotherAnswer() {
    RetryPolicy policy = new RetryPolicy(config, clock);
    Attempt first = attempt();
    first.attempts++;
    assertEquals(1_000, policy.decide(first, throttled("0")).delayMs());
    // 63 more sent before the hold began come back 429: they wait out the same hold, not 2^63 of them.
    for (int i = 0; i < 63; i++) {
      Attempt other = attempt();
      other.attempts++;
      assertTrue(policy.decide(other, throttled("0")).delayMs() <= 1_000);
    }
    clock.advance(1_000);
    first.attempts++;
    assertEquals(2_000, policy.decide(first, throttled("0")).delayMs(), "the next hold doubles");
    clock.advance(2_000);
    first.attempts++;
    assertEquals(Decision.Action.SETTLE,
        policy.decide(first, new KochavaAnswer(Verdict.DELIVERED, 200, "{}", -1)).action());
    Attempt next = attempt();
    next.attempts++;
    assertEquals(1_000, policy.decide(next, throttled("0")).delayMs(), "a new streak starts at the floor");
  }

  @Test
  void retryableFailuresStillCountTowardMaxAttempts() {
    RetryPolicy policy = new RetryPolicy(config, clock);
    Attempt attempt = attempt();
    Decision decision = null;
    for (int i = 0; i < 3; i++) {
      attempt.attempts++;
      decision = policy.decide(attempt, new KochavaAnswer(Verdict.RETRY, 503, "busy", -1));
    }
    assertEquals(Decision.Action.DEAD_LETTER, decision.action());
    assertEquals("max_attempts", decision.reason());
  }
}
