package io.ctvgateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The timing wheel on a real event loop: what fires, when (never early), and what disarming stops. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeadlinesTest {
  private Vertx vertx;
  private Context loop;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    loop = vertx.getOrCreateContext();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  /** Runs {@code body} on the event loop and waits for it. */
  private <T> T onLoop(java.util.concurrent.Callable<T> body) throws Exception {
    CompletableFuture<T> done = new CompletableFuture<>();
    loop.runOnContext(v -> {
      try {
        done.complete(body.call());
      } catch (Throwable e) {
        done.completeExceptionally(e);
      }
    });
    return done.get(30, TimeUnit.SECONDS);
  }

  @Test
  void manyDeadlinesFireOnceEachNeverEarlyAndTheDisarmedNever() throws Exception {
    int count = 10_000;
    long[] armedAt = new long[count];
    long[] delay = new long[count];
    long[] firedAt = new long[count];
    AtomicInteger fired = new AtomicInteger();
    Promise<Void> allFired = Promise.promise();
    List<Deadlines.Deadline> all = new ArrayList<>();
    Deadlines deadlines = onLoop(() -> {
      Deadlines wheel = new Deadlines(vertx, 5);
      Random random = new Random(42);
      for (int i = 0; i < count; i++) {
        int n = i;
        delay[i] = random.nextInt(400);
        Deadlines.Deadline deadline = new Deadlines.Deadline(() -> {
          if (firedAt[n] != 0) {
            throw new AssertionError("deadline " + n + " fired twice");
          }
          firedAt[n] = System.nanoTime();
          if (fired.incrementAndGet() == count / 2) {
            allFired.complete();
          }
        });
        all.add(deadline);
        armedAt[i] = System.nanoTime();
        wheel.arm(deadline, delay[i]);
      }
      for (int i = 1; i < count; i += 2) {
        wheel.disarm(all.get(i));
        assertFalse(all.get(i).armed());
      }
      return wheel;
    });
    allFired.future().await(30, TimeUnit.SECONDS);
    vertx.timer(100).await(); // time for one wrongly left to fire too
    assertEquals(count / 2, fired.get());
    for (int i = 0; i < count; i++) {
      if (i % 2 == 1) {
        assertEquals(0, firedAt[i], "disarmed deadline " + i + " fired");
      } else {
        assertTrue(firedAt[i] - armedAt[i] >= TimeUnit.MILLISECONDS.toNanos(delay[i]),
            "deadline " + i + " fired " + (firedAt[i] - armedAt[i]) / 1e6 + " ms after being armed for " + delay[i]);
        assertFalse(all.get(i).armed());
      }
    }
    assertEquals(0, onLoop(deadlines::armed));
  }

  @Test
  void aDeadlineBeyondOneTurnOfTheWheelWaitsForItsOwnTurn() throws Exception {
    long delayMs = Deadlines.BUCKETS + 500; // 1 ms ticks: more than one turn
    CompletableFuture<Long> fired = new CompletableFuture<>();
    long armed = onLoop(() -> {
      Deadlines wheel = new Deadlines(vertx, 1);
      long at = System.nanoTime();
      wheel.arm(new Deadlines.Deadline(() -> fired.complete(System.nanoTime())), delayMs);
      return at;
    });
    long after = fired.get(30, TimeUnit.SECONDS) - armed;
    assertTrue(after >= TimeUnit.MILLISECONDS.toNanos(delayMs), "fired after " + after / 1e6 + " ms, armed for "
        + delayMs);
  }

  @Test
  void armingAgainMovesTheDeadlineAndAnActionMayDisarmOneDueInTheSameTurn() throws Exception {
    AtomicInteger moved = new AtomicInteger();
    AtomicInteger stopped = new AtomicInteger();
    CompletableFuture<Long> movedFired = new CompletableFuture<>();
    long armed = onLoop(() -> {
      Deadlines wheel = new Deadlines(vertx, 10);
      Deadlines.Deadline victim = new Deadlines.Deadline(stopped::incrementAndGet);
      // Armed first, both due in the same tick: the killer's action runs first or second; either way at most one
      // of them runs, since the one that runs first disarms the other.
      Deadlines.Deadline[] killer = new Deadlines.Deadline[1];
      killer[0] = new Deadlines.Deadline(() -> {
        stopped.addAndGet(100);
        wheel.disarm(victim);
      });
      wheel.arm(victim, 50);
      wheel.arm(killer[0], 50);
      Deadlines.Deadline later = new Deadlines.Deadline(() -> {
        moved.incrementAndGet();
        movedFired.complete(System.nanoTime());
      });
      wheel.arm(later, 20);
      wheel.arm(later, 300); // moved: fires once, at 300
      return System.nanoTime();
    });
    long after = movedFired.get(30, TimeUnit.SECONDS) - armed;
    vertx.timer(100).await();
    assertEquals(1, moved.get());
    assertTrue(after >= TimeUnit.MILLISECONDS.toNanos(300), "the moved deadline fired at its first time: "
        + after / 1e6 + " ms");
    // The victim (1) ran only if it came first; the killer (100) always runs, since nothing disarms it.
    assertTrue(stopped.get() == 100 || stopped.get() == 101, "killer and victim: " + stopped.get());
  }

  @Test
  void aFailingActionDoesNotStopTheOthersDueWithIt() throws Exception {
    AtomicInteger ran = new AtomicInteger();
    Promise<Void> done = Promise.promise();
    onLoop(() -> {
      Deadlines wheel = new Deadlines(vertx, 10);
      wheel.arm(new Deadlines.Deadline(() -> {
        throw new IllegalStateException("a bug in one owner");
      }), 30);
      for (int i = 0; i < 3; i++) {
        wheel.arm(new Deadlines.Deadline(() -> {
          if (ran.incrementAndGet() == 3) {
            done.complete();
          }
        }), 30);
      }
      return null;
    });
    done.future().await(30, TimeUnit.SECONDS);
    assertEquals(3, ran.get());
  }
}
