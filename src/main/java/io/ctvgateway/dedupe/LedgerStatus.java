package io.ctvgateway.dedupe;

/**
 * What readiness and {@code /metrics} report about the ledger. The embedded ledger is always up; the Redis one
 * is up while Redis answers.
 *
 * @param type {@code memory} or {@code redis}
 * @param up true while the ledger can answer a claim for a new key
 * @param problem why it cannot ({@code unreachable}, {@code timeout}, {@code busy}, {@code error: OOM ...}), or
 *     null when up
 * @param failOpen true when installs are accepted while the ledger is down ({@code fail_open})
 * @param keys keys held in this process (for Redis: the near cache)
 * @param failOpenAccepts installs accepted without the shared ledger's answer: each may be a duplicate
 * @param conflicts installs whose key turned out to be held by another receipt when written back: forwarded twice
 * @param unsyncedKeys accepted keys not yet written to Redis (written when it answers again)
 * @param errors Redis calls that failed or timed out
 * @param nearCacheHits claims answered from the near cache without asking Redis
 * @param nearCacheMisses claims that asked Redis
 * @param lostKeys keys the embedded ledger's key log lost to damage at the last start (their devices' next
 *     installs are accepted again): 0 unless someone should look at the disk
 */
public record LedgerStatus(
    String type,
    boolean up,
    String problem,
    boolean failOpen,
    long keys,
    long failOpenAccepts,
    long conflicts,
    long unsyncedKeys,
    long errors,
    long nearCacheHits,
    long nearCacheMisses,
    long lostKeys) {

  /** The embedded ledger: in memory and on local disk, always up. */
  public static LedgerStatus embedded(long keys, long lostKeys) {
    return new LedgerStatus("memory", true, null, false, keys, 0, 0, 0, 0, 0, 0, lostKeys);
  }

  /** Whether the gateway should get traffic: the ledger answers, or it is allowed to accept without it. */
  public boolean ready() {
    return up || failOpen;
  }
}
