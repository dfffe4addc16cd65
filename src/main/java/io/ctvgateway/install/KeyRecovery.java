package io.ctvgateway.install;

import io.ctvgateway.dedupe.RecoverableLedger;
import io.ctvgateway.journal.Journal;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up half of the ledger/journal protocol: installs accepted before the restart and not settled yet have
 * their keys only in their journal records ({@link Settlement} writes a key to the ledger when its install
 * settles), so each unsettled record's key is handed back to the ledger before ingest opens. Reads only the
 * receipt and key of each record ({@link AcceptedInstallCodec#keysOf}).
 */
public final class KeyRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(KeyRecovery.class);

  /** What recovery found. */
  public record Report(long keys, long unreadable) {}

  private KeyRecovery() {}

  /** Blocking (start-up, off the event loop). An unreadable record is counted; delivery dead-letters it. */
  public static Report run(Journal journal, RecoverableLedger ledger) throws IOException {
    long started = System.nanoTime();
    long[] counts = {0, 0};
    journal.forEachUnsettled(record -> {
      try {
        AcceptedInstallCodec.Keys keys = AcceptedInstallCodec.keysOf(record.payload());
        if (keys.ledgerKey() != null) {
          ledger.recover(keys.ledgerKey(), keys.receipt());
          counts[0]++;
        }
      } catch (IllegalArgumentException e) {
        counts[1]++;
      }
    });
    LOG.info("event=ledger_keys_recovered from=journal keys={} unreadable={} took_ms={}", counts[0], counts[1],
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    return new Report(counts[0], counts[1]);
  }
}
