package io.ctvgateway.dedupe;

import io.ctvgateway.journal.Journal;
import io.ctvgateway.journal.JournalStats;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded ledger that survives a restart: {@link CompactLedger} in memory, and every settled key
 * appended to a key log (a {@link Journal} of its own, so the same checksums, group commit and torn-tail
 * recovery) as 32 bytes: the 128-bit key and the 128-bit receipt (which carries its own time, hence the
 * expiry). Loaded at start; compacted in the background.
 *
 * <p>Design note: where a key is durable. The 202 waits for one fsync only, the install's own journal record,
 * which carries the install's ledger key and receipt. A key reaches the key log when its install settles
 * (delivered or dead-lettered), strictly before the journal is told it may forget the record. So at every
 * moment a key accepted before a crash is in the key log or in an unsettled journal record, and start-up
 * loads both ({@code install.KeyRecovery} passes the unsettled records' keys to {@link #recover}). A crash between the key
 * log append and the settle only writes the key twice.
 *
 * <p>Design note: when the key log is forced. "Before the journal may forget the record" is the journal's
 * checkpoint, not the settle: a settled record is forgotten only once a checkpoint covering it is on disk. So the
 * key log is opened without an fsync of its own (its appends reach the page cache, which a killed process does
 * not lose) and is synced once per checkpoint of the install journal ({@link #keysOnDisk}, registered with
 * {@link Journal#beforeCheckpoint}) and of its own (compaction's rewrites before the old records go). On a power
 * loss the checkpoint on disk predates every key the log lost, so those installs read as unsettled and their keys
 * come back from their records. Before this, each settle waited for an fsync of its own: a second fsync stream
 * as busy as the journal's, for a guarantee nothing asked for until the next checkpoint. A forget's tombstone is
 * still synced before the forget answers.
 *
 * <p>Compaction. The log grows by one record per accepted install, while keys expire and are evicted. When
 * it holds more than twice the live keys (plus a floor), a background thread re-appends every live key and
 * then settles every record up to the boundary it noted first; the key log's checkpoint then deletes those
 * segments. Keys committed during compaction land above the boundary and are kept.
 */
public final class DurableLedger implements RecoverableLedger, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DurableLedger.class);
  private static final int RECORD_BYTES = 32;
  private static final long COMPACTION_FLOOR = 100_000;
  /** A key-log record with this receipt forgets its key (no real receipt is all zeros: its time is after 1970). */
  private static final Receipt TOMBSTONE = new Receipt(0, 0);

  private final MemoryLedger memory;
  private final Journal log;
  private final long compactionFloor;
  private final ExecutorService compactor;
  private final AtomicBoolean compacting = new AtomicBoolean();
  private final AtomicLong commits = new AtomicLong();
  /** Keys the key log lost to damage at start (counted by its recovery, exactly). */
  private final long lostKeys;

  private DurableLedger(MemoryLedger memory, Journal log, long compactionFloor, long lostKeys) {
    this.lostKeys = lostKeys;
    this.memory = memory;
    this.log = log;
    this.compactionFloor = compactionFloor;
    this.compactor = Executors.newSingleThreadExecutor(r -> {
      Thread thread = new Thread(r, "ctvgw-ledger-compactor");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Blocking (start-up, off the event loop): loads every unexpired key of {@code log} into {@code memory}. */
  public static DurableLedger open(CompactLedger memory, Journal log) throws IOException {
    return open(memory, log, COMPACTION_FLOOR);
  }

  static DurableLedger open(MemoryLedger memory, Journal log, long compactionFloor) throws IOException {
    Objects.requireNonNull(memory, "memory");
    Objects.requireNonNull(log, "log");
    long started = System.nanoTime();
    long[] counts = new long[3]; // loaded, expired, skipped
    log.forEachUnsettled(record -> {
      if (record.payload().length != RECORD_BYTES) {
        counts[2]++;
        return;
      }
      ByteBuffer buffer = ByteBuffer.wrap(record.payload());
      LedgerKey key = new LedgerKey(buffer.getLong(), buffer.getLong());
      Receipt receipt = new Receipt(buffer.getLong(), buffer.getLong());
      if (receipt.equals(TOMBSTONE)) {
        memory.forget(key);
        return;
      }
      counts[memory.restore(key, receipt) ? 0 : 1]++;
    });
    // Compaction's checkpoint deletes the records it rewrote: the rewrites go to disk first.
    log.beforeCheckpoint(log::syncNow);
    long loaded = counts[0];
    long expired = counts[1];
    if (counts[2] > 0) {
      LOG.warn("event=ledger_records_skipped count={} reason=wrong_size", counts[2]);
    }
    LOG.info("event=ledger_loaded keys={} expired={} took_ms={}", loaded, expired,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    long lost = log.recovery().corruptRecords();
    if (lost > 0) {
      LOG.error("event=ledger_keys_lost count={} hint=\"the key log was damaged: the next install of each of"
          + " these devices is accepted and forwarded again; check the data volume\"", lost);
    }
    return new DurableLedger(memory, log, compactionFloor, lost);
  }

  /** Every live key and its receipt (the migration to Redis reads them); not while installs are taken. */
  public void forEachKey(java.util.function.BiConsumer<LedgerKey, Receipt> visitor) {
    memory.forEach(visitor);
  }

  @Override
  public Future<Claim> claim(LedgerKey key, Receipt receipt) {
    return memory.claim(key, receipt);
  }

  @Override
  public Future<Void> release(LedgerKey key, Receipt receipt) {
    return memory.release(key, receipt);
  }

  /** Nothing to write: until it settles, the install's journal record carries the key (see the class note). */
  @Override
  public Future<Void> commit(LedgerKey key, Receipt receipt) {
    return Future.succeededFuture();
  }

  /**
   * Forgets the key in memory and appends a tombstone (the key with an all-zero receipt) to the key log, so a
   * restart does not bring it back: the log is read in order, and a tombstone removes what came before it.
   * Compaction rewrites live keys only, so the tombstone and the key's older records both go then.
   */
  @Override
  public Future<Boolean> forget(LedgerKey key) {
    return memory.forget(key).compose(held -> log.append(encode(key, TOMBSTONE)).compose(seq -> log.sync()).map(held));
  }

  /**
   * The barrier the install journal runs before each checkpoint (blocking, on its checkpoint thread): every key
   * appended so far, settled installs' included, is on disk. See the class note.
   */
  public io.ctvgateway.journal.CheckpointBarrier keysOnDisk() {
    return log::syncNow;
  }

  @Override
  public Future<Void> settle(LedgerKey key, Receipt receipt) {
    Future<Void> appended = log.append(encode(key, receipt)).mapEmpty();
    maybeCompact();
    return appended;
  }

  @Override
  public void recover(LedgerKey key, Receipt receipt) {
    memory.restore(key, receipt);
  }

  @Override
  public long size() {
    return memory.size();
  }

  @Override
  public LedgerStatus status() {
    return LedgerStatus.embedded(memory.size(), lostKeys);
  }

  private static byte[] encode(LedgerKey key, Receipt receipt) {
    return ByteBuffer.allocate(RECORD_BYTES)
        .putLong(key.high()).putLong(key.low()).putLong(receipt.high()).putLong(receipt.low())
        .array();
  }

  private void maybeCompact() {
    if ((commits.incrementAndGet() & 1023) != 0) {
      return;
    }
    long records = log.stats().unsettledRecords();
    if (records > 2 * memory.size() + compactionFloor && compacting.compareAndSet(false, true)) {
      compactor.execute(this::compact);
    }
  }

  /** Runs on the compactor thread (not a Vert.x thread), so it may wait for its own appends. */
  void compact() {
    try {
      JournalStats before = log.stats();
      long boundary = before.lastSeq();
      long started = System.nanoTime();
      List<CompletableFuture<Long>> batch = new ArrayList<>();
      long[] rewritten = {0};
      memory.forEach((key, receipt) -> {
        batch.add(log.append(encode(key, receipt)).toCompletionStage().toCompletableFuture());
        rewritten[0]++;
        if (batch.size() == 4_096) {
          CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).join();
          batch.clear();
        }
      });
      CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).join();
      for (long seq = before.lowWaterMark(); seq <= boundary; seq++) {
        log.settle(seq);
      }
      LOG.info("event=ledger_compacted live_keys={} dropped_records={} took_ms={}", rewritten[0],
          before.unsettledRecords() - rewritten[0], TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    } catch (RuntimeException e) {
      LOG.error("event=ledger_compaction_failed cause={}", e.toString());
    } finally {
      compacting.set(false);
    }
  }

  /** {@link #close()} on a thread of its own: the key log's close waits for its last fsync. */
  @Override
  public Future<Void> shutdown() {
    CompletableFuture<Void> closed = new CompletableFuture<>();
    Thread closer = new Thread(() -> {
      try {
        close();
        closed.complete(null);
      } catch (RuntimeException e) {
        closed.completeExceptionally(e);
      }
    }, "ctvgw-ledger-close");
    closer.start();
    return Future.fromCompletionStage(closed);
  }

  /** Blocking: stops the compactor and closes the key log (queued appends are written first). */
  @Override
  public void close() {
    compactor.shutdown();
    try {
      compactor.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.close();
  }
}
