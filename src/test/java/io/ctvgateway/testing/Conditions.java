package io.ctvgateway.testing;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Waiting for an eventual condition without sleeping: a Vert.x timer checks it and completes a Future. */
public final class Conditions {
  private Conditions() {}

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
