package io.ctvgateway.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import io.ctvgateway.testing.ManualClock;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  private final ManualClock clock = new ManualClock(Instant.ofEpochMilli(1_000_000));
  private final CircuitBreaker breaker = new CircuitBreaker(clock, 3, 100, 400);

  @Test
  void opensAfterConsecutiveFailuresThenLetsOneProbeThrough() {
    assertEquals(0, breaker.acquire());
    breaker.onFailure();
    breaker.onFailure();
    assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
    assertTrue(breaker.onFailure());
    assertEquals(CircuitBreaker.State.OPEN, breaker.state());
    assertEquals(100, breaker.acquire());
    clock.advance(100);
    assertEquals(0, breaker.acquire(), "the probe goes");
    assertTrue(breaker.acquire() > 0, "nothing else goes while the probe is out");
    assertTrue(breaker.onSuccess());
    assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
    assertEquals(0, breaker.acquire());
  }

  @Test
  void failedProbeDoublesTheOpenPeriodUpToTheCap() {
    for (int i = 0; i < 3; i++) {
      breaker.onFailure();
    }
    long[] expected = {200, 400, 400};
    for (long open : expected) {
      clock.advance(1_000);
      assertEquals(0, breaker.acquire());
      assertTrue(breaker.onFailure());
      assertEquals(open, breaker.acquire());
    }
  }

  @Test
  void aSuccessResetsTheFailureCount() {
    breaker.onFailure();
    breaker.onFailure();
    breaker.onSuccess();
    breaker.onFailure();
    breaker.onFailure();
    assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
  }

  @Test
  void tripOpensForTheGivenTime() {
    breaker.trip(5_000);
    assertEquals(5_000, breaker.acquire());
  }
}
