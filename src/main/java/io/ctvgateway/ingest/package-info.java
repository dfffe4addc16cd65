/**
 * Ingest: the HTTP API for TV clients. Body limit, JSON types, the client's IP, profile resolution, the
 * Kochava payload, and admission (ledger claim, then durable journal append, then 202). Failures are mapped
 * to JSON errors in one place, {@code FailureHandler}.
 */
package io.ctvgateway.ingest;
