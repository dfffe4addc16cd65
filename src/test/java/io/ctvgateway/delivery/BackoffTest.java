package io.ctvgateway.delivery;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void delayDoublesWithinEqualJitterAndStopsAtTheCap() {
    Backoff backoff = new Backoff(100, 1_000);
    long[] ceilings = {100, 200, 400, 800, 1_000, 1_000};
    for (int attempt = 1; attempt <= ceilings.length; attempt++) {
      long ceiling = ceilings[attempt - 1];
      Set<Long> seen = new HashSet<>();
      for (int i = 0; i < 500; i++) {
        long delay = backoff.delayMillis(attempt);
        assertTrue(delay >= ceiling / 2 && delay <= ceiling, "attempt " + attempt + ": " + delay);
        seen.add(delay);
      }
      assertTrue(seen.size() > 10, "jitter spreads delays, got " + seen);
    }
  }

  @Test
  void hugeAttemptCountsDoNotOverflow() {
    Backoff backoff = new Backoff(1_000, 300_000);
    long delay = backoff.delayMillis(10_000);
    assertTrue(delay >= 150_000 && delay <= 300_000, String.valueOf(delay));
  }
}
