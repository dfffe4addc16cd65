package io.ctvgateway.journal;

import io.vertx.core.Future;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reader thread: serves the delivery cursor ({@code poll}), independent reads
 * ({@code readUnsettled}) and deletes settled segments, so segment read channels have one owner.
 *
 * <p>A poll that finds nothing stays pending on this thread; the writer's {@link #signal()} after
 * each durable write runs it again. Signals coalesce: at most one is queued at a time.
 */
final class JournalReader {
  private static final Logger LOG = LoggerFactory.getLogger(JournalReader.class);

  private record PendingPoll(int max, Reply<List<JournalRecord>> reply) {}

  private final Segments segments;
  private final SettledSet settled;
  private final ExecutorService executor;
  private final SegmentCursor cursor;
  private final FrameScanner listScanner = new FrameScanner(256 << 10);
  private final AtomicBoolean pollOutstanding = new AtomicBoolean();
  private final AtomicBoolean signalled = new AtomicBoolean();
  private volatile boolean closed;
  private PendingPoll pending;

  /** {@code name} names the reader thread after its journal. */
  JournalReader(String name, Segments segments, SettledSet settled) {
    this.segments = segments;
    this.settled = settled;
    this.cursor = new SegmentCursor(segments, settled, new FrameScanner(1 << 20), settled.lowWaterMark());
    this.executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "ctvgw-" + name + "-reader");
      t.setDaemon(true);
      return t;
    });
  }

  Future<List<JournalRecord>> poll(int max) {
    if (max < 1) {
      return Future.failedFuture(new IllegalArgumentException("max must be >= 1, got " + max));
    }
    if (closed) {
      return Future.succeededFuture(List.of());
    }
    if (!pollOutstanding.compareAndSet(false, true)) {
      return Future.failedFuture(new IllegalStateException("a poll is already outstanding"));
    }
    Reply<List<JournalRecord>> reply = Reply.capture();
    run(() -> {
      pending = new PendingPoll(max, reply);
      serve();
    }, () -> finish(new PendingPoll(max, reply), List.of()));
    return reply.future();
  }

  Future<List<JournalRecord>> readUnsettled(long fromSeq, int max) {
    if (max < 1) {
      return Future.failedFuture(new IllegalArgumentException("max must be >= 1, got " + max));
    }
    Reply<List<JournalRecord>> reply = Reply.capture();
    run(() -> {
      try {
        reply.succeed(new SegmentCursor(segments, settled, listScanner, Math.max(1, fromSeq)).read(max));
      } catch (IOException | RuntimeException e) {
        LOG.warn("event=journal_read_failed from_seq={} reason={}", fromSeq, e.toString());
        reply.fail(e);
      }
    }, () -> reply.fail(new IOException("journal is closed")));
    return reply.future();
  }

  /**
   * Blocking, for start-up code: hands every unsettled record, in seq order, to {@code sink} on the reader
   * thread (one forward pass, so a large log is read once), and waits for the end.
   */
  long forEachUnsettledNow(Consumer<JournalRecord> sink) throws IOException {
    if (closed) {
      throw new IOException("journal is closed");
    }
    try {
      return CompletableFuture.supplyAsync(() -> {
        SegmentCursor cursor = new SegmentCursor(segments, settled, listScanner, 1);
        long count = 0;
        try {
          for (List<JournalRecord> page = cursor.read(8_192); !page.isEmpty(); page = cursor.read(8_192)) {
            page.forEach(sink);
            count += page.size();
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return count;
      }, executor).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading the journal", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
      throw cause instanceof IOException io ? io : new IOException(cause);
    }
  }

  /** Durable records were appended: serve a waiting poll. Called by the writer thread. */
  void signal() {
    // Only for a poll that waits: a journal nobody polls (the ledger's key log) and the stretches between a
    // delivery's polls cost no task and no wake-up of this thread per group commit. A poll that starts after
    // this check serves itself first, so it sees these records anyway.
    if (pollOutstanding.get() && signalled.compareAndSet(false, true)) {
      run(() -> {
        signalled.set(false);
        serve();
      }, () -> { });
    }
  }

  /** Deletes sealed segments whose records are all below {@code lowWaterMark}. */
  CompletableFuture<Integer> deleteSettled(long lowWaterMark) {
    return CompletableFuture.supplyAsync(() -> {
      int deleted = 0;
      for (Segment s : segments.all()) {
        Segment next = segments.after(s);
        // The last segment always stays: its name carries the next seq, should the checkpoint be lost.
        if (next == null || next.firstSeq() > lowWaterMark || !s.sealed()) {
          break;
        }
        try {
          segments.remove(s);
          s.markDeleted();
          Files.deleteIfExists(s.path());
          deleted++;
          LOG.info("event=journal_segment_deleted segment={} low_water_mark={}", s, lowWaterMark);
        } catch (IOException e) {
          LOG.warn("event=journal_segment_delete_failed segment={} reason={}", s, e.toString());
        }
      }
      return deleted;
    }, executor);
  }

  /** Blocking: completes a pending poll with no records, closes files, stops the thread. */
  void close() {
    closed = true;
    run(() -> {
      if (pending != null) {
        finish(pending, List.of());
      }
      for (Segment s : segments.all()) {
        try {
          s.closeReader();
        } catch (IOException e) {
          LOG.warn("event=journal_segment_close_failed segment={} reason={}", s, e.toString());
        }
      }
    }, () -> { });
    executor.shutdown();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void serve() {
    PendingPoll p = pending;
    if (p == null) {
      return;
    }
    try {
      List<JournalRecord> records = cursor.read(p.max());
      if (!records.isEmpty() || closed) {
        finish(p, records);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("event=journal_poll_failed reason={}", e.toString());
      pending = null;
      pollOutstanding.set(false);
      p.reply().fail(e);
    }
  }

  private void finish(PendingPoll p, List<JournalRecord> records) {
    pending = null;
    pollOutstanding.set(false);
    p.reply().succeed(records);
  }

  /** Runs a task on the reader thread, or the fallback when the thread has stopped. */
  private void run(Runnable task, Runnable whenStopped) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      whenStopped.run();
    }
  }
}
