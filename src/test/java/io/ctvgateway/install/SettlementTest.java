package io.ctvgateway.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.config.LedgerConfig;
import io.ctvgateway.dedupe.Claim;
import io.ctvgateway.dedupe.CompactLedger;
import io.ctvgateway.dedupe.DurableLedger;
import io.ctvgateway.dedupe.LedgerKey;
import io.ctvgateway.dedupe.Receipt;
import io.ctvgateway.journal.Journal;
import io.ctvgateway.journal.JournalOptions;
import io.ctvgateway.profile.InstallKey;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger/journal protocol on real journals and the real embedded ledger: a key reaches the key log before
 * the install journal may forget the record holding it, and a record whose key could not be kept stays.
 */
@Timeout(60)
class SettlementTest {
  @TempDir
  Path dir;
  private final Clock clock = Clock.systemUTC();
  private final LedgerConfig config = new LedgerConfig(1_000, 30);
  private final LedgerKey key = LedgerKey.of("koctv-app", "roku", new InstallKey("rida", "device-1"));
  private final Receipt receipt = Receipt.next(clock);
  private final AcceptedInstall install = new AcceptedInstall(receipt, "roku", "koctv-app", clock.millis(), "{}",
      "Unknown", "{}", OrderKey.of(key), key);

  private Journal journal() throws Exception {
    return Journal.open(JournalOptions.defaults(dir.resolve("journal")));
  }

  private Journal keyLog() throws Exception {
    return Journal.open(JournalOptions.defaults(dir.resolve("ledger")));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.await(10, TimeUnit.SECONDS);
  }

  @Test
  void aSettledInstallIsForgottenByTheJournalAndStillADuplicateAfterARestart() throws Exception {
    try (Journal journal = journal(); DurableLedger ledger = DurableLedger.open(CompactLedger.create(config, clock), keyLog())) {
      assertTrue(await(ledger.claim(key, receipt)).fresh());
      long seq = await(journal.append(AcceptedInstallCodec.toBytes(install)));
      await(Settlement.of(new JournalQueue(journal), ledger).settle(seq, install));
      assertEquals(0, journal.unsettledRecords());
    }
    try (Journal journal = journal(); DurableLedger ledger = DurableLedger.open(CompactLedger.create(config, clock), keyLog())) {
      assertEquals(0, KeyRecovery.run(journal, ledger).keys(), "the journal forgot the record");
      Claim again = await(ledger.claim(key, Receipt.next(clock)));
      assertFalse(again.fresh(), "the key log kept the key");
      assertEquals(receipt, again.receipt());
    }
  }

  @Test
  void aKeyTheLedgerCouldNotKeepLeavesItsRecordUnsettledSoTheNextStartRecoversIt() throws Exception {
    // Reversing the settlement (journal first, key log after) would forget the record here while the key log
    // fails, and the restart below would accept the device as new: a second install at Kochava.
    try (Journal journal = journal()) {
      Journal keyLog = keyLog();
      DurableLedger ledger = DurableLedger.open(CompactLedger.create(config, clock), keyLog);
      assertTrue(await(ledger.claim(key, receipt)).fresh());
      long seq = await(journal.append(AcceptedInstallCodec.toBytes(install)));
      keyLog.close(); // appends to the key log fail from now on, as on a full or failed disk
      ExecutionException failed = null;
      try {
        Settlement.of(new JournalQueue(journal), ledger).settle(seq, install).toCompletionStage().toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        failed = e;
      }
      assertTrue(failed != null, "the settlement must fail when the key cannot be kept");
      assertEquals(1, journal.unsettledRecords(), "the record still holds the only copy of the key");
      ledger.close();
    }
    try (Journal journal = journal(); DurableLedger ledger = DurableLedger.open(CompactLedger.create(config, clock), keyLog())) {
      assertEquals(1, KeyRecovery.run(journal, ledger).keys());
      Claim again = await(ledger.claim(key, Receipt.next(clock)));
      assertFalse(again.fresh(), "recovered from the unsettled record");
      assertEquals(receipt, again.receipt());
    }
  }

  @Test
  void aRecordWithoutALedgerKeyOrUnreadableSettlesAtOnce() throws Exception {
    try (Journal journal = journal(); DurableLedger ledger = DurableLedger.open(CompactLedger.create(config, clock), keyLog())) {
      AcceptedInstall unkeyed = new AcceptedInstall(receipt, "roku", "koctv-app", clock.millis(), "{}", "Unknown", "{}",
          OrderKey.of(key), null);
      long first = await(journal.append(AcceptedInstallCodec.toBytes(unkeyed)));
      long second = await(journal.append(new byte[] {1, 2, 3}));
      await(Settlement.of(new JournalQueue(journal), ledger).settle(first, unkeyed));
      await(Settlement.of(new JournalQueue(journal), ledger).settle(second, null));
      assertEquals(0, journal.unsettledRecords());
    }
  }
}
