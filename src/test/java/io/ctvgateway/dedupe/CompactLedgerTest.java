package io.ctvgateway.dedupe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.config.LedgerConfig;
import io.ctvgateway.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class CompactLedgerTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-28T10:00:00Z"));

  private CompactLedger ledger(long maxKeys, int days) {
    return CompactLedger.create(new LedgerConfig(maxKeys, days), clock);
  }

  private Receipt receipt() {
    return Receipt.next(clock);
  }

  private static LedgerKey key(long i) {
    return new LedgerKey(i * 0x9E3779B97F4A7C15L, ~i);
  }

  private static Claim claim(CompactLedger ledger, LedgerKey key, Receipt receipt) {
    return ledger.claim(key, receipt).result();
  }

  @Test
  void firstClaimWinsAndLaterClaimsGetTheFirstReceipt() {
    CompactLedger ledger = ledger(1_000, 30);
    Receipt first = receipt();
    assertEquals(new Claim(true, first), claim(ledger, key(1), first));
    assertEquals(new Claim(false, first), claim(ledger, key(1), receipt()));
    assertEquals(1, ledger.size());
  }

  @Test
  void releaseGivesBackOnlyTheHoldersClaim() {
    CompactLedger ledger = ledger(1_000, 30);
    Receipt first = receipt();
    claim(ledger, key(1), first);
    ledger.release(key(1), receipt());
    assertFalse(claim(ledger, key(1), receipt()).fresh(), "another receipt must not release the claim");
    ledger.release(key(1), first);
    assertEquals(0, ledger.size());
    assertTrue(claim(ledger, key(1), receipt()).fresh());
  }

  @Test
  void behavesAsAMapUnderRandomClaimsAndReleases() {
    // Few distinct keys in a growing table: long probe runs, wrap-around and backward-shift deletion.
    CompactLedger ledger = ledger(1_000_000, 30);
    Map<LedgerKey, Receipt> model = new HashMap<>();
    SplittableRandom random = new SplittableRandom(7);
    for (int op = 0; op < 200_000; op++) {
      LedgerKey key = key(random.nextInt(20_000));
      if (random.nextInt(3) == 0) {
        Receipt held = model.get(key);
        Receipt offered = held != null && random.nextBoolean() ? held : receipt();
        ledger.release(key, offered);
        model.remove(key, offered);
      } else {
        Receipt offered = receipt();
        Claim claim = claim(ledger, key, offered);
        Receipt held = model.putIfAbsent(key, offered);
        assertEquals(held == null ? new Claim(true, offered) : new Claim(false, held), claim, "op " + op);
      }
    }
    assertEquals(model.size(), ledger.size());
    Map<LedgerKey, Receipt> visited = new HashMap<>();
    ledger.forEach(visited::put);
    assertEquals(model, visited);
  }

  /**
   * Eviction compacts a stripe in place: after many rounds of it, interleaved with releases and expiry, every
   * key the ledger still visits is found by a claim (its probe path has no hole), and no key is visited twice.
   */
  @Test
  void everyKeyLeftAfterInPlaceEvictionsIsStillFound() {
    CompactLedger ledger = ledger(3_000, 1);
    SplittableRandom random = new SplittableRandom(11);
    Map<LedgerKey, Receipt> live = new HashMap<>();
    for (int op = 0; op < 120_000; op++) {
      clock.advance(random.nextInt(3)); // equal times too: the ties at the cutoff
      LedgerKey key = key(random.nextInt(40_000));
      if (random.nextInt(5) == 0) {
        Receipt held = live.get(key);
        if (held != null) {
          ledger.release(key, held);
          live.remove(key);
        }
      } else {
        Receipt offered = receipt();
        if (claim(ledger, key, offered).fresh()) {
          live.put(key, offered);
        }
      }
      if (op % 20_000 == 19_999) {
        clock.advance(java.time.Duration.ofHours(20).toMillis()); // part of them expire (1 day) over the run
      }
    }
    Map<LedgerKey, Receipt> visited = new HashMap<>();
    ledger.forEach((key, receipt) -> assertEquals(null, visited.put(key, receipt), "visited twice: " + key));
    assertEquals(ledger.size(), visited.size());
    assertTrue(visited.size() <= 3_000);
    visited.forEach((key, receipt) -> assertEquals(new Claim(false, receipt), claim(ledger, key, receipt()),
        "a key the ledger holds is not found by its probe: " + key));
    visited.forEach((key, receipt) -> assertEquals(receipt, live.get(key), "held with another receipt: " + key));
  }

  @Test
  void growingKeepsEveryKey() {
    CompactLedger ledger = ledger(10_000_000, 30);
    List<Receipt> receipts = new ArrayList<>();
    for (int i = 0; i < 300_000; i++) {
      receipts.add(receipt());
      assertTrue(claim(ledger, key(i), receipts.get(i)).fresh());
    }
    for (int i = 0; i < 300_000; i++) {
      assertEquals(new Claim(false, receipts.get(i)), claim(ledger, key(i), receipt()));
    }
    assertEquals(300_000, ledger.size());
  }

  @Test
  void anExpiredKeyIsClaimedAfreshAndNotVisited() {
    CompactLedger ledger = ledger(1_000, 30);
    claim(ledger, key(1), receipt());
    clock.advance(Duration.ofDays(30).toMillis());
    Set<LedgerKey> visited = new HashSet<>();
    ledger.forEach((key, receipt) -> visited.add(key));
    assertEquals(Set.of(), visited);
    Receipt again = receipt();
    assertEquals(new Claim(true, again), claim(ledger, key(1), again));
    assertEquals(new Claim(false, again), claim(ledger, key(1), receipt()));
  }

  @Test
  void restoreKeepsLiveKeysAndSkipsExpiredOnes() {
    CompactLedger ledger = ledger(1_000, 30);
    Receipt old = receipt();
    clock.advance(Duration.ofDays(31).toMillis());
    Receipt recent = receipt();
    assertFalse(ledger.restore(key(1), old));
    assertTrue(ledger.restore(key(2), recent));
    assertTrue(claim(ledger, key(1), receipt()).fresh());
    assertEquals(new Claim(false, recent), claim(ledger, key(2), receipt()));
  }

  @Test
  void pastMaxKeysTheOldestKeysGoFirst() {
    CompactLedger ledger = ledger(20_000, 30);
    for (int i = 0; i < 60_000; i++) {
      clock.advance(1);
      claim(ledger, key(i), receipt());
      assertTrue(ledger.size() <= 20_000, "size " + ledger.size() + " after " + i);
    }
    assertTrue(ledger.size() >= 19_000, "size " + ledger.size());
    // The newest half of max_keys is all there; the first keys are all gone.
    for (int i = 50_000; i < 60_000; i++) {
      assertFalse(claim(ledger, key(i), receipt()).fresh(), "recent key " + i + " was evicted");
    }
    int oldKept = 0;
    for (int i = 0; i < 20_000; i++) {
      oldKept += claim(ledger, key(i), receipt()).fresh() ? 0 : 1;
    }
    assertEquals(0, oldKept, "keys from the oldest third survived");
  }

  @Test
  void evictionWithEqualTimesNeverDropsTheKeyJustClaimed() {
    CompactLedger ledger = ledger(100, 30);
    for (int i = 0; i < 5_000; i++) {
      Receipt receipt = receipt();
      assertTrue(claim(ledger, key(i), receipt).fresh());
      assertEquals(new Claim(false, receipt), claim(ledger, key(i), receipt()), "key " + i);
      assertTrue(ledger.size() <= 100);
    }
  }

  @Test
  void concurrentClaimsOfOneKeyHaveExactlyOneWinner() throws Exception {
    CompactLedger ledger = ledger(10_000_000, 30);
    int threads = 4;
    int keys = 50_000;
    Map<LedgerKey, Receipt> winners = new ConcurrentHashMap<>();
    AtomicInteger fresh = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < keys; i++) {
            Receipt mine = Receipt.next(clock);
            Claim claim = claim(ledger, key(i), mine);
            if (claim.fresh()) {
              fresh.incrementAndGet();
              assertEquals(null, winners.put(key(i), mine));
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(keys, fresh.get());
    assertEquals(keys, ledger.size());
    for (Map.Entry<LedgerKey, Receipt> winner : winners.entrySet()) {
      assertEquals(new Claim(false, winner.getValue()), claim(ledger, winner.getKey(), receipt()));
    }
  }

  @Test
  void rejectsAReceiptFrom1970() {
    CompactLedger ledger = ledger(1_000, 30);
    assertThrows(IllegalArgumentException.class, () -> ledger.claim(key(1), new Receipt(0, 5)));
  }
}
