package io.ctvgateway.dedupe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.config.LedgerConfig;
import io.ctvgateway.journal.Journal;
import io.ctvgateway.journal.JournalOptions;
import io.ctvgateway.profile.InstallKey;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import io.ctvgateway.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class DurableLedgerTest {
  @TempDir
  Path dir;
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-28T10:00:00Z"));
  private final LedgerConfig config = new LedgerConfig(1_000_000, 30);

  private DurableLedger open() throws Exception {
    return DurableLedger.open(CompactLedger.create(config, clock),
        Journal.open(JournalOptions.defaults(dir)), 10);
  }

  static LedgerKey key(int i) {
    return LedgerKey.of("app", "roku", new InstallKey("rida", "device-" + i));
  }

  private static Claim claim(DurableLedger ledger, LedgerKey key, Receipt receipt) throws Exception {
    return ledger.claim(key, receipt).await(5, TimeUnit.SECONDS);
  }

  @Test
  void settledKeysAreStillTakenAfterAReopenWithTheirFirstReceipt() throws Exception {
    List<Receipt> receipts = new ArrayList<>();
    try (DurableLedger ledger = open()) {
      for (int i = 0; i < 100; i++) {
        Receipt receipt = Receipt.next(clock);
        receipts.add(receipt);
        assertTrue(claim(ledger, key(i), receipt).fresh());
        ledger.settle(key(i), receipt).await(5, TimeUnit.SECONDS);
      }
      // Claimed but never settled: the key log does not hold it (the gateway recovers such keys from the
      // journal's unsettled records, see the next test); nor does commit write it.
      ledger.commit(key(1_000), Receipt.next(clock)).await(5, TimeUnit.SECONDS);
      assertTrue(claim(ledger, key(1_000), Receipt.next(clock)).fresh());
    }
    try (DurableLedger ledger = open()) {
      for (int i = 0; i < 100; i++) {
        Claim again = claim(ledger, key(i), Receipt.next(clock));
        assertFalse(again.fresh());
        assertEquals(receipts.get(i), again.receipt());
      }
      assertTrue(claim(ledger, key(1_000), Receipt.next(clock)).fresh());
    }
  }

  @Test
  void recoveredKeysOfUnsettledInstallsAreDuplicatesUntilTheySettleAndAfter() throws Exception {
    Receipt receipt = Receipt.next(clock);
    try (DurableLedger ledger = open()) {
      ledger.recover(key(7), receipt);
      assertEquals(receipt, claim(ledger, key(7), Receipt.next(clock)).receipt());
      ledger.settle(key(7), receipt).await(5, TimeUnit.SECONDS);
    }
    try (DurableLedger ledger = open()) {
      Claim again = claim(ledger, key(7), Receipt.next(clock));
      assertFalse(again.fresh());
      assertEquals(receipt, again.receipt());
    }
  }

  @Test
  void keysPastTheirExpiryAreNotLoaded() throws Exception {
    try (DurableLedger ledger = open()) {
      Receipt old = Receipt.next(clock);
      claim(ledger, key(1), old);
      ledger.settle(key(1), old).await(5, TimeUnit.SECONDS);
      clock.advance(Duration.ofDays(20).toMillis());
      Receipt recent = Receipt.next(clock);
      claim(ledger, key(2), recent);
      ledger.settle(key(2), recent).await(5, TimeUnit.SECONDS);
    }
    clock.advance(Duration.ofDays(15).toMillis());
    try (DurableLedger ledger = open()) {
      assertTrue(claim(ledger, key(1), Receipt.next(clock)).fresh(), "35 days old: expired after 30");
      assertFalse(claim(ledger, key(2), Receipt.next(clock)).fresh(), "15 days old: kept");
    }
  }

  @Test
  void compactionKeepsLiveKeysAndDropsTheRest() throws Exception {
    try (DurableLedger ledger = open()) {
      for (int i = 0; i < 50; i++) {
        Receipt receipt = Receipt.next(clock);
        claim(ledger, key(i), receipt);
        ledger.settle(key(i), receipt).await(5, TimeUnit.SECONDS);
        // The same key committed again (e.g. by an earlier compaction): the log holds garbage.
        ledger.settle(key(i), receipt).await(5, TimeUnit.SECONDS);
      }
      ledger.compact();
    }
    try (Journal log = Journal.open(JournalOptions.defaults(dir))) {
      assertEquals(50, log.stats().unsettledRecords(), "only the live keys remain after compaction");
    }
    try (DurableLedger ledger = open()) {
      for (int i = 0; i < 50; i++) {
        assertFalse(claim(ledger, key(i), Receipt.next(clock)).fresh());
      }
    }
  }

  @Test
  void aDamagedKeyLogIsCountedExactlyAndAlarmed() throws Exception {
    try (DurableLedger ledger = open()) {
      for (int i = 0; i < 2_000; i++) {
        Receipt receipt = Receipt.next(clock);
        claim(ledger, key(i), receipt);
        ledger.settle(key(i), receipt).await(5, TimeUnit.SECONDS);
      }
    }
    // Every other 32-byte record gets one byte flipped inside its payload (frames are 20 + 32 bytes).
    Path segment;
    try (var files = java.nio.file.Files.list(dir)) {
      segment = files.filter(p -> p.getFileName().toString().startsWith("segment-")).findFirst().orElseThrow();
    }
    byte[] bytes = java.nio.file.Files.readAllBytes(segment);
    int frame = 20 + 32;
    assertEquals(2_000 * frame, bytes.length);
    for (int i = 0; i < 2_000; i += 2) {
      bytes[i * frame + 20 + 5] ^= 0x5A;
    }
    java.nio.file.Files.write(segment, bytes);
    try (io.ctvgateway.testing.LogCapture log = io.ctvgateway.testing.LogCapture.of(DurableLedger.class);
        DurableLedger ledger = open()) {
      assertEquals(1_000, ledger.status().lostKeys());
      assertTrue(log.lines().stream().anyMatch(l -> l.startsWith("ERROR event=ledger_keys_lost count=1000")),
          String.valueOf(log.lines()));
      assertFalse(claim(ledger, key(1), Receipt.next(clock)).fresh(), "an intact key is still a duplicate");
      assertTrue(claim(ledger, key(0), Receipt.next(clock)).fresh(), "a lost key is not (and was counted)");
    }
  }
}
