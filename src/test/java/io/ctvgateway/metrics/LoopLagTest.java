package io.ctvgateway.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoopLagTest {
  @Test
  void aLoopHeldUpByOneLongTaskShowsAsLagThatItsRequestTimingsCouldNotSee() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Timer lag = Timer.builder("lag").register(new SimpleMeterRegistry());
      Context loop = vertx.getOrCreateContext();
      CountDownLatch started = new CountDownLatch(1);
      loop.runOnContext(v -> {
        LoopLag.start(vertx, lag);
        started.countDown();
      });
      assertTrue(started.await(10, TimeUnit.SECONDS));
      Thread.sleep(100);
      assertTrue(lag.max(TimeUnit.MILLISECONDS) < 100, "an idle loop is on time: " + lag.max(TimeUnit.MILLISECONDS));
      CountDownLatch held = new CountDownLatch(1);
      loop.runOnContext(v -> {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(250);
        while (System.nanoTime() < until) {
          Thread.onSpinWait(); // one long task on the loop, as a big batch decoded at once would be
        }
        held.countDown();
      });
      assertTrue(held.await(10, TimeUnit.SECONDS));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (lag.max(TimeUnit.MILLISECONDS) < 200 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertTrue(lag.max(TimeUnit.MILLISECONDS) >= 200, "lag seen: " + lag.max(TimeUnit.MILLISECONDS) + " ms");
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
