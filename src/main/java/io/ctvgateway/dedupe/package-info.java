/**
 * De-duplication: the install ledger that admits one install per (app, platform, install key) and answers
 * repeats with the first receipt. Keys are 128-bit hashes; raw identifiers never enter it. Embedded
 * ({@link io.ctvgateway.dedupe.DurableLedger}: {@link io.ctvgateway.dedupe.CompactLedger}, striped tables of
 * primitive longs, and a key log on disk) for one gateway, or shared in Redis
 * ({@link io.ctvgateway.dedupe.RedisLedger}, with a near cache) for several.
 */
package io.ctvgateway.dedupe;
