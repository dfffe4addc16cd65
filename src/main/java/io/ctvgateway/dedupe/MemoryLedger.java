package io.ctvgateway.dedupe;

import java.util.function.BiConsumer;

/**
 * An in-memory ledger that {@link DurableLedger} can load at start-up and walk for compaction:
 * {@link CompactLedger} in the gateway (the benchmarks also load a Caffeine-backed baseline).
 */
interface MemoryLedger extends InstallLedger {

  /** Puts a key known from before (start-up load); false when it has expired already. */
  boolean restore(LedgerKey key, Receipt receipt);

  /** Visits every live key (weakly consistent: sees what was there when it started, and maybe more). */
  void forEach(BiConsumer<LedgerKey, Receipt> visitor);
}
