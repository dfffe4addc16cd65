package io.ctvgateway.install;

import io.ctvgateway.dedupe.InstallLedger;
import io.ctvgateway.dedupe.RecoverableLedger;
import io.ctvgateway.dedupe.RedisLedger;
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
 * <p>With a shared queue (Kafka) the ledger also arbitrates at delivery ({@link #arbitrate}). The gateway that
 * admitted an install may die after the brokers acknowledged it and before it committed its claim (which would
 * then expire as pending); and a produce that timed out (a 503) may still have been written, while the TV's
 * retry was accepted under a new receipt. So before a record is sent its key is committed for its own receipt;
 * if another receipt holds the key, the record is a duplicate and is settled unsent. The ledger ends with each
 * delivered device exactly once, and one receipt per device reaches Kochava, whichever gateway delivers.
 */
public final class Settlement {
  private final InstallQueue queue;
  /** The ledger's keep-the-key capability, or null when the ledger keeps its keys by itself (Redis). */
  private final RecoverableLedger keys;
  /** The shared ledger, when the queue is shared too: it arbitrates each install at delivery. Else null. */
  private final RedisLedger arbiter;

  private Settlement(InstallQueue queue, RecoverableLedger keys, RedisLedger arbiter) {
    this.queue = Objects.requireNonNull(queue, "queue");
    this.keys = keys;
    this.arbiter = arbiter;
  }

  /** The settlement of {@code queue}'s records for {@code ledger}. */
  public static Settlement of(InstallQueue queue, InstallLedger ledger) {
    return new Settlement(queue, ledger instanceof RecoverableLedger recoverable ? recoverable : null,
        queue.shared() && ledger instanceof RedisLedger shared ? shared : null);
  }

  /**
   * Settles record {@code seq}, which holds {@code install} (null when the record could not be read: then
   * there is no key to keep). Fails, with the record still unsettled, when the ledger could not keep the key.
   */
  /** True when delivery must have {@code install} arbitrated before sending it: shared queue, an install's key. */
  public boolean arbitrates(AcceptedInstall install) {
    return arbiter != null && install.ledgerKey() != null;
  }

  /**
   * Commits {@code install}'s key for its own receipt in the shared ledger (idempotent). True: send it; false:
   * another receipt holds the key, this record is a duplicate of an install already taken (do not send). Fails
   * when Redis does not answer: the record keeps its place and is arbitrated again later.
   */
  public Future<Boolean> arbitrate(AcceptedInstall install) {
    return arbiter.copy(install.ledgerKey(), install.receipt());
  }

  public Future<Void> settle(long seq, AcceptedInstall install) {
    if (keys == null || install == null || install.ledgerKey() == null) {
      queue.settle(seq);
      return Future.succeededFuture();
    }
    return keys.settle(install.ledgerKey(), install.receipt())
        .map(kept -> {
          queue.settle(seq);
          return null;
        });
  }
}
