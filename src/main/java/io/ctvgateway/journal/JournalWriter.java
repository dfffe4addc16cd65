package io.ctvgateway.journal;

import io.vertx.core.Future;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns the active segment: it takes queued appends, writes them, forces them
 * to disk per {@link FsyncMode}, then completes their futures.
 *
 * <p>Design note (group commit). The writer blocks for the first queued append, then drains
 * whatever else is queued, up to {@code maxBatchRecords}. That alone batches naturally: appends
 * that arrive during one fsync form the next batch, so at low load a lone append costs one write
 * and one fsync and never waits, and at high load batches grow with the arrival rate. With many
 * appenders in a closed loop, though, a batch's completions reach the event loops and come back
 * spread out, and the writer would grab the first few and fsync a small batch (convoys split).
 * So in BATCH mode the writer lingers, at most {@code batchWindow}, but only while the batch is
 * smaller than the previous one: when load is high (the previous batch was big) it waits for the
 * convoy to re-form; when load is low (previous batch of one) it never waits. The target follows
 * the last batch size, so lingering stops by itself after one short batch when load falls.
 *
 * <p>A batch is written as chunks, one per segment it touches (one per record in EACH mode): the
 * writer rolls to a new segment before a record that would cross {@code segmentBytes}, forces
 * each chunk, publishes the segment's durable size, and only then completes the chunk's appends.
 * A failed write is rolled back (truncated) and fails its chunk; a failed fsync leaves the page
 * cache in an unknown state, so the journal stops taking appends (the gateway answers 503).
 */
final class JournalWriter {
  private static final Logger LOG = LoggerFactory.getLogger(JournalWriter.class);
  /** Appends waiting beyond this are refused at once: the disk cannot keep up. */
  static final int MAX_QUEUED = 65_536;
  /** How often an idle writer wakes up to seal a segment past its retention. */
  private static final long IDLE_CHECK_MILLIS = 1_000;

  private record PendingAppend(byte[] payload, Reply<Long> reply, long submittedNanos) {}

  private static final PendingAppend STOP = new PendingAppend(new byte[0], null, 0);
  private volatile JournalTimings timings = JournalTimings.NONE;

  private final JournalOptions options;
  private final LongConsumer onDurable;
  private final Handoff<PendingAppend> queue = new Handoff<>();
  private final Thread thread;
  private final AtomicLong appended = new AtomicLong();
  private final AtomicLong fsyncs = new AtomicLong();
  private final AtomicLong batches = new AtomicLong();
  private volatile boolean closed;
  private volatile IOException failure;
  /** A test's stand-in for the kernel's EIO on the next fsync ({@link Journal#failNextFsync}); null in production. */
  private volatile IOException injectedFsyncFailure;
  private volatile long lastSeq;

  // Writer thread only.
  private final SegmentAppender appender;
  private final List<PendingAppend> batch = new ArrayList<>();
  private final Reply.Batch completions = new Reply.Batch();
  private final List<PendingAppend> syncs = new ArrayList<>();
  private int lastBatchSize = 1;
  private final java.nio.file.FileStore store;
  /** Set by the writer when it refuses a batch for the floor; cleared by the next batch or {@link #recheckFloor}. */
  private volatile boolean belowFloor;
  private volatile long freeBytes;

  private JournalWriter(JournalOptions options, Segments segments, long nextSeq, LongConsumer onDurable) {
    this.options = options;
    this.appender = new SegmentAppender(options, segments, nextSeq);
    this.store = fileStore(options.dir());
    this.lastSeq = nextSeq - 1;
    this.onDurable = onDurable;
    this.thread = new Thread(this::run, "ctvgw-" + options.dir().getFileName() + "-writer");
    thread.setDaemon(true);
  }

  private static java.nio.file.FileStore fileStore(java.nio.file.Path dir) {
    try {
      return java.nio.file.Files.getFileStore(dir);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read the file store of " + dir, e);
    }
  }

  /** Starts the writer thread; {@code onDurable} hears how many records just became durable. */
  static JournalWriter start(JournalOptions options, Segments segments, long nextSeq, LongConsumer onDurable) {
    JournalWriter writer = new JournalWriter(options, segments, nextSeq, onDurable);
    writer.thread.start();
    return writer;
  }

  /** Why every append is refused from now on (a failed fsync or rollback), or null: a volatile read. */
  IOException failure() {
    return failure;
  }

  void timings(JournalTimings timings) {
    this.timings = timings;
  }

  void failNextFsync(IOException e) {
    injectedFsyncFailure = e;
  }

  /** Blocking: until the writer thread has ended (its segment sealed and, in NONE mode, forced). */
  void awaitStopped() throws IOException {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the journal's writer", e);
    }
  }

  /** Whether the writer was closed. */
  boolean closed() {
    return closed;
  }

  Future<Long> submit(byte[] payload) {
    if (closed) {
      return Future.failedFuture(closedException());
    }
    IOException failed = failure;
    if (failed != null) {
      return Future.failedFuture(new IOException("journal stopped taking appends after: " + failed, failed));
    }
    if (queue.size() >= MAX_QUEUED) {
      return Future.failedFuture(new IOException("journal queue is full: " + MAX_QUEUED + " appends waiting"));
    }
    return enqueue(payload);
  }

  /** Queues an append ({@code payload} null: a {@link #sync} marker); a close racing with it fails it. */
  private Future<Long> enqueue(byte[] payload) {
    PendingAppend pending = new PendingAppend(payload, Reply.capture(), System.nanoTime());
    queue.add(pending);
    if (closed && queue.remove(pending)) {
      pending.reply().fail(closedException());
    }
    return pending.reply().future();
  }

  /**
   * Completes once every record appended before it is on disk (its seq: the last durable one). In BATCH and
   * EACH mode they already are; in NONE mode the writer forces the active segment first (sealed segments were
   * forced when sealed). A failed force stops appends, as a failed fsync does.
   */
  Future<Long> sync() {
    if (closed) {
      return Future.failedFuture(closedException());
    }
    return enqueue(null);
  }

  /** Blocking: refuses new appends, completes the queued ones, stops the thread. */
  void close() {
    closed = true;
    queue.add(STOP);
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (PendingAppend p = queue.poll(); p != null; p = queue.poll()) {
      if (p != STOP) {
        p.reply().fail(closedException());
      }
    }
  }

  long appended() {
    return appended.get();
  }

  long fsyncs() {
    return fsyncs.get();
  }

  long batches() {
    return batches.get();
  }

  int queued() {
    return queue.size();
  }

  /** The highest seq made durable so far. */
  long lastSeq() {
    return lastSeq;
  }

  private void run() {
    boolean stopping = false;
    try {
      while (true) {
        batch.clear();
        if (stopping) {
          queue.drainTo(batch, options.maxBatchRecords());
          if (batch.isEmpty()) {
            break;
          }
        } else {
          PendingAppend first = queue.take(TimeUnit.MILLISECONDS.toNanos(IDLE_CHECK_MILLIS));
          retire();
          if (first == null) {
            continue;
          }
          batch.add(first);
          queue.drainTo(batch, options.maxBatchRecords() - 1);
          linger();
        }
        stopping |= batch.remove(STOP);
        takeSyncs();
        if (!batch.isEmpty()) {
          writeBatch();
        }
        completeSyncs();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("event=journal_writer_interrupted pending={}", queue.size());
    } finally {
      appender.close();
    }
  }

  /** Seals the active segment once it is older than the retention (see {@link JournalOptions#retention()}). */
  private void retire() {
    if (!options.retention().isZero()) {
      try {
        appender.rollIfOlderThan(options.retention().toNanos());
      } catch (IOException e) {
        LOG.warn("event=journal_segment_retire_failed dir={} reason={}", options.dir(), e.toString());
      }
    }
  }

  /** Group-commit lingering; see the class note. */
  private void linger() throws InterruptedException {
    long window = options.batchWindow().toNanos();
    // A collecting journal (the ledger's key log: no fsync, appends nobody waits for closely) takes the whole
    // window: one write and one wake-up per window instead of one per append, since without an fsync nothing
    // else would pace its batches. With BATCH, the convoy rule of the class note.
    boolean collect = options.collect();
    int target = collect ? options.maxBatchRecords() : Math.min(options.maxBatchRecords(), lastBatchSize);
    if ((!collect && options.fsync() != FsyncMode.BATCH) || window == 0 || batch.contains(STOP)) {
      return;
    }
    long deadline = System.nanoTime() + window;
    while (batch.size() < target) {
      // Woken once the batch would be full, or at the window's end: not by every append (see Handoff).
      boolean filled = queue.awaitSize(target - batch.size(), deadline);
      int from = batch.size();
      queue.drainTo(batch, options.maxBatchRecords() - batch.size());
      if (!filled || batch.subList(from, batch.size()).contains(STOP)) {
        return;
      }
    }
  }

  private void writeBatch() {
    if (failure != null) {
      failFrom(0, new IOException("journal stopped taking appends after: " + failure, failure));
      return;
    }
    if (options.minFreeBytes() > 0) {
      DiskLowException low = checkFloor();
      if (low != null) {
        failFrom(0, low);
        return;
      }
    }
    batches.incrementAndGet();
    lastBatchSize = batch.size();
    int i = 0;
    while (i < batch.size()) {
      int start = i;
      long startSeq = appender.nextSeq();
      try {
        appender.prepare(FrameCodec.frameBytes(batch.get(i).payload().length));
      } catch (IOException e) {
        LOG.error("event=journal_segment_create_failed seq={} reason={}", startSeq, e.toString());
        failFrom(start, e);
        return;
      }
      long startPosition = appender.position();
      try {
        i = writeChunk(start);
      } catch (IOException e) {
        rollBack(startPosition, startSeq, e);
        failFrom(start, e);
        return;
      }
      if (options.fsync() != FsyncMode.NONE) {
        try {
          fsync();
        } catch (IOException e) {
          fsyncFailed(e);
          failFrom(start, e);
          return;
        }
      }
      appender.publish();
      if (belowFloor) {
        belowFloor = false;
        LOG.info("event=journal_disk_ok dir={} free_bytes={} appends=taken", options.dir(), freeBytes);
      }
      lastSeq = appender.nextSeq() - 1;
      appended.addAndGet(i - start);
      onDurable.accept(i - start);
      long now = System.nanoTime();
      JournalTimings observer = timings;
      for (int k = start; k < i; k++) {
        observer.durable(now - batch.get(k).submittedNanos());
        completions.succeed(batch.get(k).reply(), startSeq + (k - start));
      }
      completions.dispatch();
    }
  }

  /**
   * The floor, enforced per batch rather than by a sample: one statvfs per batch (microseconds, on this
   * thread, next to an fsync) keeps the volume from ever filling, however fast appends arrive.
   */
  private DiskLowException checkFloor() {
    long bytes = 0;
    for (PendingAppend pending : batch) {
      bytes += FrameCodec.frameBytes(pending.payload().length);
    }
    long free;
    try {
      free = store.getUsableSpace();
    } catch (IOException e) {
      return null; // cannot tell: the write itself will say
    }
    freeBytes = free;
    if (free - bytes >= options.minFreeBytes()) {
      return null;
    }
    if (!belowFloor) {
      LOG.warn("event=journal_disk_low dir={} free_bytes={} floor_bytes={} appends=refused", options.dir(), free,
          options.minFreeBytes());
    }
    belowFloor = true;
    return new DiskLowException("the data volume has " + free + " bytes free, and the journal keeps "
        + options.minFreeBytes() + " free for draining");
  }

  /** True while the last batch was refused for the floor and no check since found room. */
  boolean belowFloor() {
    return belowFloor;
  }

  /**
   * Blocking (a statvfs): clears the below-floor state once a batch would fit again, with 64 KiB to spare so
   * that readiness does not flap at the floor. Called periodically off the event loop, so that refusing
   * appends for the floor can never be what keeps the journal refusing them.
   */
  boolean recheckFloor() {
    if (!belowFloor) {
      return false;
    }
    try {
      long free = store.getUsableSpace();
      if (free - (64 << 10) >= options.minFreeBytes()) {
        belowFloor = false;
        freeBytes = free;
        LOG.info("event=journal_disk_ok dir={} free_bytes={} appends=taken", options.dir(), free);
      }
    } catch (IOException e) {
      LOG.warn("event=journal_disk_check_failed dir={} reason={}", options.dir(), e.toString());
    }
    return belowFloor;
  }

  /** Writes one chunk (records of one segment; one record in EACH mode); returns the next index. */
  private int writeChunk(int from) throws IOException {
    int i = from;
    do {
      byte[] payload = batch.get(i).payload();
      if (i > from && !appender.fits(FrameCodec.frameBytes(payload.length))) {
        break;
      }
      appender.append(payload);
      i++;
    } while (i < batch.size() && options.fsync() != FsyncMode.EACH);
    appender.flush();
    return i;
  }

  private void rollBack(long toPosition, long toSeq, IOException cause) {
    LOG.warn("event=journal_write_failed segment={} offset={} reason={}",
        appender.active(), toPosition, cause.toString());
    try {
      appender.rollBack(toPosition, toSeq);
    } catch (IOException e) {
      failure = e;
      LOG.error("event=journal_rollback_failed segment={} appends=refused reason={}",
          appender.active(), e.toString());
    }
  }

  /** Forces the active segment, timed and counted (or throws the test seam's injected failure). */
  private void fsync() throws IOException {
    IOException injected = injectedFsyncFailure;
    if (injected != null) {
      injectedFsyncFailure = null;
      throw injected;
    }
    long forceStarted = System.nanoTime();
    appender.forceActive();
    timings.fsync(System.nanoTime() - forceStarted);
    fsyncs.incrementAndGet();
  }

  /** After a failed fsync the page cache is in an unknown state: no append is taken from now on. */
  private void fsyncFailed(IOException e) {
    failure = e;
    LOG.error("event=journal_fsync_failed segment={} appends=refused reason={}", appender.active(), e.toString());
  }

  /** Moves the batch's {@link #sync} markers (null payloads) out of it: they are answered after its records. */
  private void takeSyncs() {
    batch.removeIf(pending -> pending.payload() == null && syncs.add(pending));
  }

  private void completeSyncs() {
    if (syncs.isEmpty()) {
      return;
    }
    if (options.fsync() == FsyncMode.NONE && failure == null) {
      try {
        fsync();
      } catch (IOException e) {
        fsyncFailed(e);
      }
    }
    IOException failed = failure;
    for (PendingAppend marker : syncs) {
      if (failed == null) {
        marker.reply().succeed(lastSeq);
      } else {
        marker.reply().fail(new IOException("journal stopped taking appends after: " + failed, failed));
      }
    }
    syncs.clear();
  }

  private void failFrom(int from, IOException cause) {
    for (int k = from; k < batch.size(); k++) {
      batch.get(k).reply().fail(cause);
    }
  }

  private static IOException closedException() {
    return new IOException("journal is closed");
  }
}
