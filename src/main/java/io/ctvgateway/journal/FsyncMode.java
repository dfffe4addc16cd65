package io.ctvgateway.journal;

/** When the journal forces appended records to stable storage before completing an append. */
public enum FsyncMode {
  /** Group commit: one fsync covers every record written in a batch (the default). */
  BATCH,
  /** One fsync per record: the slowest mode, kept as a reference and for paranoid deployments. */
  EACH,
  /**
   * No fsync per append: records survive a process crash but not a power loss, unless forced by
   * {@link Journal#sync} (or a segment's seal). As the install journal's mode, throughput tests only; the ledger's
   * key log runs so (collecting appends for the batch window), synced before each checkpoint that could let a
   * journal forget what it covers.
   */
  NONE
}
