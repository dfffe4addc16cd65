/**
 * De-duplication: the install ledger that admits one install per (app, platform, install key) and answers
 * repeats with the first receipt. Keys are 128-bit hashes; raw identifiers never enter it.
 */
package io.ctvgateway.dedupe;
