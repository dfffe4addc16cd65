/**
 * Everything Kochava-specific: the S2S body and its {@code User-Agent} rule ({@link io.ctvgateway.kochava.KochavaPayload}),
 * install authentication, Apple Search Ads keys, and {@link io.ctvgateway.kochava.KochavaClient}, which sends
 * serialised bytes and classifies the answer into a {@link io.ctvgateway.kochava.Verdict}. It takes primitives
 * (bytes, a User-Agent, an app id), never an install, so no arrow runs back up the pipeline.
 */
package io.ctvgateway.kochava;
