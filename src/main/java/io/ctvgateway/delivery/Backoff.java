package io.ctvgateway.delivery;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with "equal jitter": the n-th retry waits between half and all of
 * {@code min(cap, initial * 2^(n-1))}. Half is fixed so retries never bunch at zero; half is random so a
 * backlog that failed together does not come back together.
 */
final class Backoff {
  private final long initialMs;
  private final long capMs;

  Backoff(long initialMs, long capMs) {
    this.initialMs = initialMs;
    this.capMs = capMs;
  }

  long delayMillis(int attempt) {
    int exponent = Math.max(0, attempt - 1);
    long ceiling = capMs;
    if (exponent < 62 && initialMs <= (capMs >> exponent)) {
      ceiling = initialMs << exponent;
    }
    long half = ceiling / 2;
    return half + ThreadLocalRandom.current().nextLong(ceiling - half + 1);
  }
}
