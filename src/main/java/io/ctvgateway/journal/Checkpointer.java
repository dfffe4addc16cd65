package io.ctvgateway.journal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoint thread: every {@code checkpointInterval}, and once more on close, writes what
 * is settled (only when it changed) and then has the reader delete the segments the written
 * low-water mark covers. Segments are deleted only after the checkpoint covering them is durable,
 * so a crash in between at worst re-delivers, never loses.
 */
final class Checkpointer {
  private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);

  private final Path dir;
  private final SettledSet settled;
  private final JournalReader reader;
  private final ScheduledExecutorService executor;
  private long writtenVersion = -1;
  private boolean failing;

  private Checkpointer(Path dir, SettledSet settled, JournalReader reader) {
    this.dir = dir;
    this.settled = settled;
    this.reader = reader;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ctvgw-" + dir.getFileName() + "-checkpoint");
      t.setDaemon(true);
      return t;
    });
  }

  static Checkpointer start(JournalOptions options, SettledSet settled, JournalReader reader) {
    Checkpointer checkpointer = new Checkpointer(options.dir(), settled, reader);
    long every = options.checkpointInterval().toNanos();
    checkpointer.executor.scheduleWithFixedDelay(checkpointer::tick, every, every, TimeUnit.NANOSECONDS);
    return checkpointer;
  }

  /** Blocking: checkpoints now on the checkpoint thread and waits for the deletions. */
  void checkpointNow() throws IOException {
    try {
      executor.submit(() -> {
        checkpoint();
        return null;
      }).get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException("checkpoint failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while checkpointing", e);
    }
  }

  /** Blocking: stops the schedule and writes the final checkpoint on the calling thread. */
  void close() {
    executor.shutdown();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
      checkpoint();
    } catch (IOException e) {
      LOG.error("event=journal_checkpoint_failed final=true reason={}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void tick() {
    try {
      checkpoint();
      if (failing) {
        failing = false;
        LOG.info("event=journal_checkpoint_ok dir={}", dir);
      }
    } catch (IOException | RuntimeException e) {
      if (!failing) {
        failing = true; // one line per change of state, not one per tick
        LOG.warn("event=journal_checkpoint_failed dir={} final=false reason={}", dir, e.toString());
      }
    }
  }

  private volatile CheckpointBarrier barrier = () -> { };

  void barrier(CheckpointBarrier barrier) {
    this.barrier = barrier;
  }

  private void checkpoint() throws IOException {
    SettledSet.Snapshot snapshot = settled.snapshot();
    if (snapshot.version() != writtenVersion) {
      // After the snapshot: every settlement in it finished its barrier work (the ledger's key-log write)
      // before it was marked, so the barrier run now covers all of them.
      barrier.await();
      try {
        Checkpoint.write(dir, snapshot);
      } catch (IOException e) {
        if (!String.valueOf(e.getMessage()).contains("No space left")) {
          throw e;
        }
        // A full volume must not keep its settled segments: deleting them frees the space the checkpoint
        // needs. If the process died before the next checkpoint, the next start would find their seqs gone
        // and count them as lost (they were delivered: nothing is sent twice, nothing is missing).
        int deleted = reader.deleteSettled(snapshot.lowWaterMark()).join();
        LOG.warn("event=journal_checkpoint_disk_full dir={} settled_segments_deleted={}", dir, deleted);
        Checkpoint.write(dir, snapshot);
      }
      writtenVersion = snapshot.version();
      LOG.debug("event=journal_checkpoint_written low_water_mark={} bits_bytes={}",
          snapshot.lowWaterMark(), snapshot.bitsAboveLowWaterMark().length);
    }
    reader.deleteSettled(snapshot.lowWaterMark()).join();
  }
}
