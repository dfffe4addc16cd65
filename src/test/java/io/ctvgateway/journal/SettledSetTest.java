package io.ctvgateway.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettledSetTest {
  @TempDir Path dir;

  @Test
  void lowWaterMarkWaitsForTheOldestUnsettledSeq() {
    SettledSet set = new SettledSet(1);
    set.settle(3);
    set.settle(2);
    assertEquals(1, set.lowWaterMark());
    set.settle(1);
    assertEquals(4, set.lowWaterMark());
  }

  @Test
  void settlingTwiceCountsOnce() {
    SettledSet set = new SettledSet(1);
    assertTrue(set.settle(5));
    assertFalse(set.settle(5));
    set.settle(1);
    assertFalse(set.settle(1));
  }

  @Test
  void aMillionOutOfOrderSettlementsEndAtTheTop() {
    SettledSet set = new SettledSet(1);
    int n = 1_000_000;
    for (int i = 2; i <= n; i++) {
      set.settle(i);
    }
    assertEquals(1, set.lowWaterMark());
    assertTrue(set.isSettled(n));
    set.settle(1);
    assertEquals(n + 1, set.lowWaterMark());
    assertFalse(set.isSettled(n + 1));
  }

  @Test
  void checkpointRoundTripKeepsTheBitsAboveTheLowWaterMark() throws Exception {
    SettledSet set = new SettledSet(1);
    for (long seq = 1; seq <= 10_000; seq++) {
      set.settle(seq);
    }
    set.settle(10_005);
    set.settle(10_100);
    Checkpoint.write(dir, set.snapshot());
    SettledSet read = Checkpoint.read(dir);
    assertEquals(10_001, read.lowWaterMark());
    assertTrue(read.isSettled(10_005));
    assertTrue(read.isSettled(10_100));
    assertFalse(read.isSettled(10_001));
    assertFalse(read.isSettled(10_006));
  }

  @Test
  void gapRangeMovesTheLowWaterMark() {
    SettledSet set = new SettledSet(1);
    set.settleRange(1, 500);
    assertEquals(500, set.lowWaterMark());
  }
}
