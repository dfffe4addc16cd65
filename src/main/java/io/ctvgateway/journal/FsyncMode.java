package io.ctvgateway.journal;

/** When the journal forces appended records to stable storage before completing an append. */
public enum FsyncMode {
  /** Group commit: one fsync covers every record written in a batch (the default). */
  BATCH,
  /** One fsync per record: the slowest mode, kept as a reference and for paranoid deployments. */
  EACH,
  /** No fsync at all: records survive a process crash but not a power loss. Throughput tests only. */
  NONE
}
