/**
 * ctv-gateway: start-up ({@link io.ctvgateway.Main}) and wiring ({@link io.ctvgateway.Gateway}). Each feature
 * lives in its own package: config, profile, ingest, dedupe, journal, kochava, delivery.
 */
package io.ctvgateway;
