package io.ctvgateway.dedupe;

import io.vertx.core.Future;

/**
 * "Has this install been accepted before?" One install per (app, platform, install key): the first claim
 * wins, every later one learns the first receipt. Implementations are thread-safe and never block the caller.
 *
 * <p>The life of a key: {@link #claim} (in memory, atomic), then either {@link #release} (the install could
 * not be stored) or {@link #commit} (it is in the journal; make the claim survive a restart). A ledger that
 * keeps its keys through the journal instead has the extra capability {@link RecoverableLedger}.
 */
public interface InstallLedger {

  /** Claims {@code key} for {@code receipt} atomically, or answers with the receipt that holds it. */
  Future<Claim> claim(LedgerKey key, Receipt receipt);

  /**
   * Gives back a claim whose install could not be stored, so that the client's retry is accepted rather than
   * answered "duplicate" for something the gateway does not have. Only the holder's receipt releases.
   */
  Future<Void> release(LedgerKey key, Receipt receipt);

  /**
   * The install is durable in the journal (and the client is about to get its 202): a shared ledger marks the
   * claim as kept. The embedded ledger has nothing to do here: the journal record carries the key until
   * {@link RecoverableLedger#settle}.
   */
  Future<Void> commit(LedgerKey key, Receipt receipt);

  /**
   * A privacy request: forgets {@code key}, so the device's next install is accepted as new. Completes with
   * whether the key was held. Survives a restart for the ledgers that keep keys themselves.
   */
  Future<Boolean> forget(LedgerKey key);

  /** Keys currently held (approximate), for metrics. */
  long size();

  /** Health and counters for readiness and metrics. */
  default LedgerStatus status() {
    return LedgerStatus.embedded(size(), 0);
  }

  /**
   * Stops the ledger at shutdown, after ingest and delivery have stopped: what it keeps is flushed and its
   * resources released. Never blocks the caller. Default: nothing to stop.
   */
  default Future<Void> shutdown() {
    return Future.succeededFuture();
  }
}
