package io.ctvgateway.journal;

import java.util.Objects;

/**
 * One durable record as read back from the journal.
 *
 * <p>The payload array is the caller's to keep: it is a fresh copy read from disk, never shared
 * with the journal. Like every record holding an array, equality is by array identity.
 *
 * @param seq the record's sequence number, unique and increasing across restarts
 * @param payload the bytes given to {@link Journal#append(byte[])}
 */
public record JournalRecord(long seq, byte[] payload) {
  public JournalRecord {
    Objects.requireNonNull(payload, "payload");
  }
}
