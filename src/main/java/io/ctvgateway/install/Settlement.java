package io.ctvgateway.install;

import io.ctvgateway.dedupe.InstallLedger;
import io.ctvgateway.dedupe.RecoverableLedger;
import io.vertx.core.Future;
import java.util.Objects;

/**
 * The end of an install's life in the journal (delivered or dead-lettered), in the one order that keeps
 * de-duplication across a crash: the ledger keeps the install's key first, and only once that is durable may
 * the journal forget the record. Until then the key lives only in the record (see {@link KeyRecovery}), so a
 * journal that forgot first could lose it.
 *
 * <p>If the ledger cannot keep the key (its key log's disk is full, say), the settlement fails and the record
 * stays unsettled: the caller tries again later. Settling anyway would let the next restart accept that device
 * again, and forward a second install to Kochava.
 *
 * <p>With a shared queue (Kafka) the gateway that admitted an install may die after the brokers acknowledged it
 * and before it committed its ledger claim, which would then expire as pending. So whoever delivers it commits
 * the key again (idempotent: the claim's own receipt, or nothing if another holds the key) before the record is
 * settled: the ledger ends with each delivered device exactly once, whichever gateway delivered it.
 */
public final class Settlement {
  private final InstallQueue journal;
  /** The ledger's keep-the-key capability, or null when the ledger keeps its keys by itself (Redis). */
  private final RecoverableLedger keys;
  /** The shared ledger, when the queue is shared too: keys are committed again at delivery. Else null. */
  private final InstallLedger recommit;

  private Settlement(InstallQueue journal, RecoverableLedger keys, InstallLedger recommit) {
    this.journal = Objects.requireNonNull(journal, "journal");
    this.keys = keys;
    this.recommit = recommit;
  }

  /** The settlement of {@code journal}'s records for {@code ledger}. */
  public static Settlement of(InstallQueue journal, InstallLedger ledger) {
    return new Settlement(journal, ledger instanceof RecoverableLedger recoverable ? recoverable : null,
        journal.shared() ? ledger : null);
  }

  /**
   * Settles record {@code seq}, which holds {@code install} (null when the record could not be read: then
   * there is no key to keep). Fails, with the record still unsettled, when the ledger could not keep the key.
   */
  public Future<Void> settle(long seq, AcceptedInstall install) {
    if (recommit != null && install != null && install.ledgerKey() != null) {
      return recommit.commit(install.ledgerKey(), install.receipt()).map(kept -> {
        journal.settle(seq);
        return null;
      });
    }
    if (keys == null || install == null || install.ledgerKey() == null) {
      journal.settle(seq);
      return Future.succeededFuture();
    }
    return keys.settle(install.ledgerKey(), install.receipt())
        .map(kept -> {
          journal.settle(seq);
          return null;
        });
  }
}
