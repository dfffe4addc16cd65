package io.ctvgateway.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HandoffTest {

  /**
   * Four producers, one consumer that waits in batches as the writer does: every item arrives once, and a waiting
   * consumer is always woken (a lost wake-up would leave {@code take} waiting out its 10 s and returning null,
   * which the assertion names).
   */
  @Test
  void everyItemReachesAConsumerThatWaitsForBatches() throws Exception {
    Handoff<Integer> handoff = new Handoff<>();
    int producers = 4;
    int each = 50_000;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int base = p * each;
      Thread thread = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < each; i++) {
          handoff.add(base + i);
        }
      });
      thread.start();
      threads.add(thread);
    }
    Set<Integer> seen = new HashSet<>();
    List<Integer> batch = new ArrayList<>();
    start.countDown();
    while (seen.size() < producers * each) {
      Integer first = handoff.take(TimeUnit.SECONDS.toNanos(10));
      assertTrue(first != null, "the consumer was not woken for a first item: " + seen.size() + " seen");
      batch.add(first);
      handoff.awaitSize(63, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1)); // may time out: then fewer
      handoff.drainTo(batch, 1_000);
      for (Integer item : batch) {
        assertTrue(seen.add(item), "delivered twice: " + item);
      }
      batch.clear();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertEquals(producers * each, seen.size());
    assertEquals(0, handoff.size());
    assertNull(handoff.poll());
  }

  @Test
  void aWaitForMoreThanIsQueuedEndsAtItsDeadline() throws Exception {
    Handoff<String> handoff = new Handoff<>();
    handoff.add("a");
    assertFalse(handoff.awaitSize(2, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5)));
    assertTrue(handoff.awaitSize(1, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5)));
    assertTrue(handoff.remove("a"));
    assertFalse(handoff.remove("a"));
    assertNull(handoff.take(TimeUnit.MILLISECONDS.toNanos(5)));
  }
}
