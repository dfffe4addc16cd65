/**
 * The durable part of the gateway: an append-only, checksummed, segmented log on local disk.
 *
 * <p>{@link io.ctvgateway.journal.Journal} is the only entry point. Ingest calls
 * {@code append} and answers 202 once the returned future succeeds (the install is on disk);
 * delivery drains the journal through {@code poll} and calls {@code settle} once an install
 * reached Kochava or the dead letters. Everything else in this package is package-private:
 * <ul>
 *   <li>{@code JournalWriter}: the one thread that owns the active segment (group commit).</li>
 *   <li>{@code JournalReader} and {@code SegmentCursor}: the delivery cursor, positional reads on
 *       their own thread, deletion of settled segments.</li>
 *   <li>{@code SettledSet}, {@code Checkpoint}, {@code Checkpointer}: what is settled, and its
 *       atomic on-disk copy.</li>
 *   <li>{@code Recovery}, {@code FrameScanner}, {@code FrameCodec}: the record format and the scan
 *       that survives torn tails and corrupt records.</li>
 * </ul>
 *
 * <p>No method here blocks a Vert.x event loop except {@code open} and {@code close}, which are
 * meant for start-up and shutdown.
 */
package io.ctvgateway.journal;
