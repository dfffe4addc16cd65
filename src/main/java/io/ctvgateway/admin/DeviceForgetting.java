package io.ctvgateway.admin;

import io.ctvgateway.dedupe.InstallLedger;
import io.ctvgateway.dedupe.LedgerKey;
import io.ctvgateway.delivery.DeadLetters;
import io.ctvgateway.delivery.Delivery;
import io.ctvgateway.install.OrderKey;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Forgetting one device, for a privacy request: its install key leaves the ledger (so its next install is new),
 * every record of it accepted so far is dropped by delivery, never sent (and its segment deleted when the
 * journal rolls), and its dead letters are dropped. Nothing raw is kept to remember it: the ledger keeps a
 * tombstone of the key's hash, delivery the device's order-key hash and a sequence number.
 */
public final class DeviceForgetting {
  private final InstallLedger ledger;
  private final Delivery delivery;
  private final DeadLetters deadLetters;

  public DeviceForgetting(InstallLedger ledger, Delivery delivery, DeadLetters deadLetters) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.delivery = Objects.requireNonNull(delivery, "delivery");
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
  }

  /** What was removed, as the answer says it. */
  Future<JsonObject> forget(LedgerKey installKey, OrderKey device) {
    return ledger.forget(installKey).compose(held -> delivery.forget(device)
        .compose(v -> deadLetters.forget(device))
        .map(letters -> new JsonObject()
            .put("ledger_key_removed", held)
            .put("pending_records", "dropped unsent (those already on the wire cannot be recalled)")
            .put("dead_letters_removed", letters)));
  }
}
