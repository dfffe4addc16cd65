package io.ctvgateway.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The live tail is free while nobody watches, capped per second and in watchers, and keeps a bounded backlog. */
class LiveTailTest {
  private static LiveTail.Entry entry(int i) {
    return new LiveTail.Entry(System.currentTimeMillis(), "install", "roku", "app", "accepted", null, null,
        "TEMPLATE", "abcdef012345", "R" + i, 202, 1.0);
  }

  @Test
  void nothingIsSampledWhileNobodyWatches() {
    LiveTail tail = new LiveTail();
    assertFalse(tail.sample());
    assertFalse(tail.watching());
  }

  @Test
  void atMostFiftyASecondAndFourWatchersAndTheLastTwoHundredKept() {
    LiveTail tail = new LiveTail();
    List<LiveTail.Entry> got = new ArrayList<>();
    Optional<LiveTail.Watch> first = tail.watch(got::add);
    assertTrue(first.isPresent());
    int admitted = 0;
    for (int i = 0; i < 1_000; i++) {
      if (tail.sample()) {
        admitted++;
        tail.publish(entry(i));
      }
    }
    // One second, or the turn of one: at most two windows' worth.
    assertTrue(admitted >= LiveTail.MAX_PER_SECOND && admitted <= 2 * LiveTail.MAX_PER_SECOND, "admitted " + admitted);
    assertEquals(admitted, got.size());
    assertTrue(tail.dropped() >= 1_000 - 2 * LiveTail.MAX_PER_SECOND);

    for (int i = 0; i < 300; i++) {
      tail.publish(entry(i));
    }
    List<LiveTail.Entry> late = new ArrayList<>();
    Optional<LiveTail.Watch> second = tail.watch(late::add);
    assertEquals(LiveTail.KEEP, late.size(), "a watcher that joins gets the last 200");
    Optional<LiveTail.Watch> third = tail.watch(e -> { });
    Optional<LiveTail.Watch> fourth = tail.watch(e -> { });
    assertTrue(tail.watch(e -> { }).isEmpty(), "a fifth watcher is refused");

    first.get().close();
    first.get().close(); // twice is once
    second.get().close();
    third.get().close();
    assertTrue(tail.watching());
    fourth.get().close();
    assertFalse(tail.watching());
    List<LiveTail.Entry> after = new ArrayList<>();
    tail.watch(after::add).get().close();
    assertEquals(0, after.size(), "nothing is kept once nobody watches");
  }
}
