/**
 * Delivery: tails the journal and sends each accepted install to Kochava through
 * {@link io.ctvgateway.kochava.KochavaClient}, with bounded concurrency and per-device order
 * ({@code DeviceQueues}); {@code RetryPolicy} turns each answer into a decision (settle, retry in N ms,
 * dead-letter with a reason, misconfigured); a circuit breaker stops hammering a Kochava that is down; what can
 * never succeed goes to durable dead letters. Settling goes through {@link io.ctvgateway.install.Settlement}:
 * delivery never sees the ledger.
 */
package io.ctvgateway.delivery;
