package io.ctvgateway.config;

/**
 * The install ledger (de-duplication).
 *
 * @param maxKeys install keys kept; the least recently useful are evicted past it
 * @param expireAfterDays days after which an install key is forgotten and the device may install again
 */
public record LedgerConfig(long maxKeys, int expireAfterDays) {

  public LedgerConfig {
    Checks.range("ledger.max_keys", maxKeys, 1, 1_000_000_000L);
    Checks.range("ledger.expire_after_days", expireAfterDays, 1, 36_500);
  }

  static LedgerConfig from(ConfigNode node) {
    LedgerConfig config = new LedgerConfig(node.integer("max_keys", 10_000_000), node.int32("expire_after_days", 400));
    node.rejectUnknownKeys();
    return config;
  }
}
