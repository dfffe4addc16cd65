package io.ctvgateway.journal;

import java.io.IOException;

/**
 * What must be on disk before a journal's checkpoint may let it forget records ({@link Journal#beforeCheckpoint}).
 * Runs on the checkpoint thread and may block; throwing fails that checkpoint, and the next one tries again.
 */
@FunctionalInterface
public interface CheckpointBarrier {
  void await() throws IOException;
}
