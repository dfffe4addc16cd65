/**
 * Kochava's server-to-server wire format: the install body, the {@code User-Agent} rule, and the
 * {@link io.ctvgateway.kochava.UpstreamRequest} that the journal stores and delivery sends byte for byte.
 */
package io.ctvgateway.kochava;
