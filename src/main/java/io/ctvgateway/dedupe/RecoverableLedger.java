package io.ctvgateway.dedupe;

import io.vertx.core.Future;

/**
 * A ledger whose keys survive a restart through the journal rather than by themselves: between acceptance and
 * settlement an install's key lives only in its journal record. Only the embedded {@link DurableLedger} has
 * this capability; the protocol that uses it (keep the key before the journal may forget the record, recover
 * keys of unsettled records at start) is owned by {@code io.ctvgateway.install}.
 */
public interface RecoverableLedger extends InstallLedger {

  /**
   * The install leaves the journal (delivered or dead-lettered), which may forget it once this succeeds: the
   * ledger keeps the key itself from now on. A failure means the key is not kept, and the journal must keep
   * the record.
   */
  Future<Void> settle(LedgerKey key, Receipt receipt);

  /**
   * Start-up, blocking: a key known from an unsettled journal record (its install was accepted before the
   * restart and is not delivered yet).
   */
  void recover(LedgerKey key, Receipt receipt);
}
