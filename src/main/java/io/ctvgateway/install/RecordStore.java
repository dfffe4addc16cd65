package io.ctvgateway.install;

import io.ctvgateway.journal.JournalRecord;
import io.vertx.core.Future;
import java.util.List;

/**
 * Records kept by id until dropped, read by id range: how the dead letters are kept (a journal of their own,
 * or with {@code queue.type: kafka} a compacted topic the whole fleet shares). Ids increase with time.
 */
public interface RecordStore {
  /** Stores {@code payload} durably; completes with its id. */
  Future<Long> append(byte[] payload);

  /** Up to {@code max} kept records with {@code id >= fromId}, in id order (possibly none). */
  Future<List<JournalRecord>> readUnsettled(long fromId, int max);

  /** Drops record {@code id}. Any thread. */
  void settle(long id);

  /** Records kept. Lock-free. */
  long unsettledRecords();
}
