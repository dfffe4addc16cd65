package io.ctvgateway.journal;

import io.vertx.core.Future;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The install journal: an append-only, checksummed, segmented log on local disk that the
 * gateway writes before it answers 202, and that delivery drains.
 *
 * <p>Threads: a writer thread owns the active segment and group-commits appends; a reader thread
 * serves {@link #poll} and {@link #readUnsettled} with positional reads; a checkpoint thread
 * persists what is {@link #settle}d and deletes fully settled segments. Futures complete on the
 * caller's Vert.x context (directly when the caller was not on one), so an event loop never
 * waits for the disk. Only {@link #open} and {@link #close} block; call them off the event loop.
 * Callers outside Vert.x get their callbacks on a journal thread: keep those callbacks short and
 * never close the journal from one.
 *
 * <p>Guarantee: a record whose append succeeded is delivered by {@code poll} (in this process or
 * after a restart) until a checkpoint covers its settlement: at least once.
 */
public final class Journal implements AutoCloseable {
  /** The largest payload {@link #append} accepts. */
  public static final int MAX_PAYLOAD_BYTES = 1 << 20;

  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

  private final JournalOptions options;
  private final RecoveryReport recovery;
  private final SettledSet settled;
  private final Segments segments;
  private final AtomicLong unsettled;
  private final JournalReader reader;
  private final JournalWriter writer;
  private final Checkpointer checkpointer;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Journal(JournalOptions options, Recovery.Result recovered) {
    this.options = options;
    this.recovery = recovered.report();
    this.settled = recovered.settled();
    this.segments = recovered.segments();
    this.unsettled = new AtomicLong(recovery.unsettled());
    this.reader = new JournalReader(options.dir().getFileName().toString(), segments, settled);
    this.writer = JournalWriter.start(options, segments, recovered.nextSeq(), this::onDurable);
    this.checkpointer = Checkpointer.start(options, settled, reader);
  }

  /** Blocking: recovers what is on disk in {@code options.dir()} and starts the journal threads. */
  public static Journal open(JournalOptions options) throws IOException {
    Objects.requireNonNull(options, "options");
    Journal journal = new Journal(options, Recovery.run(options.dir()));
    LOG.info("event=journal_opened dir={} fsync={} next_seq={}", options.dir(), options.fsync(),
        journal.writer.lastSeq() + 1);
    return journal;
  }

  /** What the recovery scan found when the journal opened. */
  public RecoveryReport recovery() {
    return recovery;
  }

  /**
   * Appends a record. Never blocks. Completes with the record's seq once it is durable per the
   * {@link FsyncMode}; fails with an {@link IOException} when the journal is closed, full or its
   * disk failed (answer 503), with an {@link IllegalArgumentException} for a payload larger than
   * {@link #MAX_PAYLOAD_BYTES}. The journal keeps the array: do not modify it afterwards.
   */
  public Future<Long> append(byte[] payload) {
    Objects.requireNonNull(payload, "payload");
    if (payload.length > MAX_PAYLOAD_BYTES) {
      return Future.failedFuture(new IllegalArgumentException(
          "payload must be at most " + MAX_PAYLOAD_BYTES + " bytes, got " + payload.length));
    }
    return writer.submit(payload);
  }

  /**
   * Completes once every record appended before the call is on disk, with the last durable seq. Immediate in
   * BATCH and EACH mode (appends complete durable); in NONE mode the writer forces the active segment. Fails
   * when the journal is closed or its disk failed.
   */
  public Future<Long> sync() {
    return writer.sync();
  }

  /** Blocking {@link #sync}, for a journal thread or start-up code; never on an event loop. */
  public void syncNow() throws IOException {
    if (writer.closed()) {
      writer.awaitStopped(); // a closing writer forces what it wrote (NONE mode) before its thread ends
      return;
    }
    try {
      writer.sync().toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IOException("the journal's writer did not sync within 30 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while syncing the journal", e);
    }
  }

  /**
   * Runs {@code barrier} before each checkpoint is written, after its snapshot of what is settled: a checkpoint
   * lets this journal forget records, so whatever must outlive them goes to disk first. The embedded ledger's key
   * log is appended without an fsync of its own when an install settles, and synced here instead, once per
   * checkpoint (see {@code DurableLedger}). A failing barrier fails the checkpoint: nothing is forgotten.
   */
  public void beforeCheckpoint(CheckpointBarrier barrier) {
    checkpointer.barrier(Objects.requireNonNull(barrier, "barrier"));
  }

  /**
   * The delivery cursor: the next durable, unsettled records in seq order after those of the
   * previous poll, starting after recovery at the first unsettled record. Completes once at least
   * one is available, with at most {@code max}; completes with an empty list when the journal
   * closes. One poll may be outstanding at a time; a second fails with
   * {@link IllegalStateException}.
   */
  public Future<List<JournalRecord>> poll(int max) {
    return reader.poll(max);
  }

  /**
   * Independent of the cursor: up to {@code max} durable, unsettled records with
   * {@code seq >= fromSeq}, possibly none (for listing or re-queuing dead letters).
   */
  public Future<List<JournalRecord>> readUnsettled(long fromSeq, int max) {
    return reader.readUnsettled(fromSeq, max);
  }

  /**
   * Blocking, for start-up code off the event loop (loading the ledger's key log): every unsettled record
   * in seq order, handed to {@code sink} on the journal's reader thread in one forward pass. Returns the
   * count. Never call it on an event loop.
   */
  public long forEachUnsettled(Consumer<JournalRecord> sink) throws IOException {
    return reader.forEachUnsettledNow(Objects.requireNonNull(sink, "sink"));
  }

  /**
   * Marks a record delivered or dead-lettered. Cheap and thread-safe; once a checkpoint covers it,
   * the record is never delivered again. Unknown seqs are ignored (and logged).
   */
  public void settle(long seq) {
    long last = writer.lastSeq();
    if (seq < 1 || seq > last) {
      LOG.warn("event=journal_settle_ignored seq={} reason=\"not a durable seq\" last_seq={}", seq, last);
      return;
    }
    if (settled.settle(seq)) {
      unsettled.decrementAndGet();
    }
  }

  /** Records accepted and not yet settled: a maintained counter, lock-free (ingest asks on every request). */
  public long unsettledRecords() {
    return unsettled.get();
  }

  /** Reports fsync and append-to-durable times to {@code timings} from now on (metrics). */
  public void timings(JournalTimings timings) {
    writer.timings(java.util.Objects.requireNonNull(timings, "timings"));
  }

  /**
   * Fault injection for tests: the next fsync fails with {@code e} as the kernel's would (EIO after a lost
   * write-back), through the writer's real failure path. A disk cannot be made to fail on demand in a test
   * without root; this is the only seam, and production never calls it.
   */
  public void failNextFsync(IOException e) {
    writer.failNextFsync(e);
  }

  /**
   * Whether this journal takes appends at all: false once an fsync or a rollback failed (the writer refuses
   * every later append, as the page cache can no longer be trusted) and once it is closed. A volatile read.
   */
  public boolean takesAppends() {
    return writer.failure() == null && !writer.closed();
  }

  /**
   * True while appends are refused because the volume is at the journal's free-space floor
   * ({@link DiskLowException}); a volatile read.
   */
  public boolean diskLow() {
    return writer.belowFloor();
  }

  /** Blocking, off the event loop: checks again whether an append would fit above the floor; the new state. */
  public boolean recheckDiskFloor() {
    return writer.recheckFloor();
  }

  /** {@link JournalStats#unsettledBytes()} without the rest of the stats: lock-free. */
  public long unsettledBytes() {
    return segments.bytesFrom(settled.lowWaterMark(), writer.lastSeq() + 1);
  }

  /** Counters and gauges; cheap, thread-safe and lock-free. */
  public JournalStats stats() {
    long last = writer.lastSeq();
    long lowWaterMark = settled.lowWaterMark();
    return new JournalStats(writer.appended(), writer.fsyncs(), unsettled.get(),
        segments.bytesFrom(lowWaterMark, last + 1), recovery.corruptRecords(),
        recovery.tornTailBytes(), segments.count(), writer.batches(), writer.queued(),
        lowWaterMark, last);
  }

  /**
   * Blocking: refuses new appends, completes the queued ones (write and fsync), writes a final
   * checkpoint, completes a pending poll with no records, stops the threads, releases files.
   * Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    writer.close();
    checkpointer.close();
    reader.close();
    JournalStats stats = stats();
    LOG.info("event=journal_closed dir={} appended={} fsyncs={} unsettled={} low_water_mark={} last_seq={}",
        options.dir(), stats.appendedRecords(), stats.fsyncs(), stats.unsettledRecords(),
        stats.lowWaterMark(), stats.lastSeq());
  }

  /** Blocking, for tests: checkpoints now and deletes the segments that checkpoint covers. */
  void checkpointNow() throws IOException {
    checkpointer.checkpointNow();
  }

  private void onDurable(long records) {
    unsettled.addAndGet(records);
    reader.signal();
  }
}
