/**
 * Delivery: tails the journal, sends each install to Kochava with bounded concurrency over a keep-alive
 * pool, classifies the answer, backs off with jitter, opens a circuit breaker when Kochava is down, and
 * moves what can never succeed to durable dead letters with the reason.
 */
package io.ctvgateway.delivery;
