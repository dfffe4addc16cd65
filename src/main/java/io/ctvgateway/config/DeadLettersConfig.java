package io.ctvgateway.config;

/**
 * How long dead letters are kept.
 *
 * @param maxAgeDays dead letters older than this are dropped (checked at start and every hour): they keep the
 *     accepted install and the client's request, identifiers included
 */
public record DeadLettersConfig(int maxAgeDays) {
  public DeadLettersConfig {
    Checks.range("dead_letters.max_age_days", maxAgeDays, 1, 3_650);
  }

  static DeadLettersConfig from(ConfigNode node) {
    DeadLettersConfig config = new DeadLettersConfig(node.int32("max_age_days", 30));
    node.rejectUnknownKeys();
    return config;
  }
}
