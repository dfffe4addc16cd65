package io.ctvgateway.testing;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting for an eventual condition without sleeping: a Vert.x timer checks it and completes a Future. */
public final class Conditions {
  private Conditions() {}

  /**
   * For a condition that blocks (it calls a process over HTTP and awaits the answer): asked on the calling
   * thread, paced by a Vert.x timer, until it holds or {@code seconds} pass; then fails naming {@code what} and
   * adding {@code details} (say, the processes' logs).
   */
  public static void eventually(Vertx vertx, String what, int seconds, Callable<Boolean> condition,
      Supplier<String> details) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.call()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + details.get());
      }
      vertx.timer(20, TimeUnit.MILLISECONDS).await(10, TimeUnit.SECONDS);
    }
  }

  public static void await(Vertx vertx, String what, BooleanSupplier condition) throws Exception {
    Promise<Void> done = Promise.promise();
    long timer = vertx.setPeriodic(5, id -> {
      if (condition.getAsBoolean()) {
        done.tryComplete();
      }
    });
    try {
      done.future().await(30, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("timed out waiting for " + what);
    } finally {
      vertx.cancelTimer(timer);
    }
  }
}
