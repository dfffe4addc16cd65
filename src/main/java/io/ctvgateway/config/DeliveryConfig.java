package io.ctvgateway.config;

/**
 * Retry, circuit breaker and give-up rules of delivery to Kochava.
 *
 * @param window records read from the journal and held in memory at once (the rest waits on disk)
 * @param initialBackoffMs first retry delay; doubles per attempt, with full jitter
 * @param maxBackoffMs cap of the retry delay
 * @param maxAttempts attempts after which a record goes to dead letters
 * @param maxAgeMs age (since acceptance) after which a failing record goes to dead letters
 * @param misconfiguredRetryMs retry delay after 401/403: slow, loud, never dead-lettered for it
 * @param breakerFailures consecutive retryable failures that open the circuit breaker
 * @param breakerOpenMs how long the breaker stays open before it lets one probe through (doubles, capped)
 * @param breakerMaxOpenMs cap of the open period
 * @param throttleFloorMs the least the whole pipe waits after a 429, whatever its {@code Retry-After} says
 *     (even 0); consecutive 429s double it up to {@code maxBackoffMs} (or the floor, if that is higher)
 */
public record DeliveryConfig(
    int window,
    long initialBackoffMs,
    long maxBackoffMs,
    int maxAttempts,
    long maxAgeMs,
    long misconfiguredRetryMs,
    int breakerFailures,
    long breakerOpenMs,
    long breakerMaxOpenMs,
    long throttleFloorMs) {

  public DeliveryConfig {
    Checks.range("delivery.window", window, 1, 1_000_000);
    Checks.range("delivery.initial_backoff_ms", initialBackoffMs, 1, 3_600_000);
    Checks.range("delivery.max_backoff_ms", maxBackoffMs, initialBackoffMs, 86_400_000);
    Checks.range("delivery.max_attempts", maxAttempts, 1, 1_000_000);
    Checks.range("delivery.max_age_ms", maxAgeMs, 1_000, 366L * 86_400_000);
    Checks.range("delivery.misconfigured_retry_ms", misconfiguredRetryMs, 1, 86_400_000);
    Checks.range("delivery.breaker_failures", breakerFailures, 1, 10_000);
    Checks.range("delivery.breaker_open_ms", breakerOpenMs, 1, 3_600_000);
    Checks.range("delivery.breaker_max_open_ms", breakerMaxOpenMs, breakerOpenMs, 86_400_000);
    Checks.range("delivery.throttle_floor_ms", throttleFloorMs, 1, 3_600_000);
  }

  static DeliveryConfig from(ConfigNode node) {
    DeliveryConfig config = new DeliveryConfig(
        node.int32("window", 4096),
        node.integer("initial_backoff_ms", 1_000),
        node.integer("max_backoff_ms", 300_000),
        node.int32("max_attempts", 100),
        node.integer("max_age_ms", 7L * 86_400_000),
        node.integer("misconfigured_retry_ms", 60_000),
        node.int32("breaker_failures", 5),
        node.integer("breaker_open_ms", 2_000),
        node.integer("breaker_max_open_ms", 60_000),
        node.integer("throttle_floor_ms", 1_000));
    node.rejectUnknownKeys();
    return config;
  }
}
