package io.ctvgateway.metrics;

import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/**
 * How late an event loop runs what it was asked to run: a timer every {@link #PERIOD_MS} ms on the loop, each
 * firing recording how far past its due time it ran. A loop busy with one long task (a big batch decoded at
 * once, a blocking call by mistake, a GC pause) shows here, while the request handlers' own timings cannot see
 * it: a request read late is timed from when its handler starts.
 */
public final class LoopLag {
  public static final long PERIOD_MS = 10;

  private LoopLag() {}

  /** Starts the probe on the calling verticle's event loop; answers the timer id (cancel it on stop). */
  public static long start(Vertx vertx, Timer lag) {
    long[] due = {System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PERIOD_MS)};
    return vertx.setPeriodic(PERIOD_MS, id -> {
      long now = System.nanoTime();
      lag.record(Math.max(0, now - due[0]), TimeUnit.NANOSECONDS);
      due[0] = now + TimeUnit.MILLISECONDS.toNanos(PERIOD_MS);
    });
  }
}
