package io.ctvgateway.install;

import io.ctvgateway.journal.JournalRecord;
import io.vertx.core.Future;
import java.util.List;

/**
 * Where accepted installs wait for delivery: the durable half of admission and the source of delivery, one
 * interface for both, so neither knows which queue runs. Two exist: the local journal ({@link JournalQueue},
 * the embedded default, durable by fsync on this machine's disk) and a Kafka topic shared by a fleet of
 * gateways ({@code io.ctvgateway.queue.KafkaQueue}, durable by the brokers' replication).
 *
 * <p>Records are named by a {@code seq} that only this process gives meaning to: the journal's own sequence
 * number, or for Kafka a local number mapped to a partition and offset. Delivery settles what it has delivered
 * or dead-lettered by that seq, in any order; the queue decides when that lets it forget (a journal
 * checkpoint, a Kafka offset commit).
 */
public interface InstallQueue {
  /** What runs behind it: {@code journal} or {@code kafka} (readiness, the start line, metrics). */
  String type();

  /**
   * Stores {@code payload} durably. Completes, on the caller's context, once it is durable (fsync, or the
   * broker's {@code acks=all}); fails when it cannot be (then nothing was stored, as far as anyone will see).
   *
   * @param device the device's order key: one device's records stay in one order (one Kafka partition); null
   *     for records without one
   */
  Future<Long> append(OrderKey device, byte[] payload);

  /**
   * The delivery cursor: the next records to deliver, at most {@code max}, once at least one is there (an
   * empty list when the queue closes). One poll outstanding at a time.
   */
  Future<List<JournalRecord>> poll(int max);

  /** Delivery is done with record {@code seq} (delivered or dead-lettered). Any thread, cheap. */
  void settle(long seq);

  /**
   * False once record {@code seq}, handed out by {@link #poll}, belongs to another gateway (its Kafka partition
   * moved in a rebalance): delivery must not send it again, but give it back with {@link #release}.
   */
  default boolean owns(long seq) {
    return true;
  }

  /** Gives back a record this gateway no longer {@link #owns}, unsent: its new owner delivers it. */
  default void release(long seq) {
  }

  /**
   * Registers what runs (on any thread) when records handed out stop being owned: delivery then drops the ones
   * it has not sent. A queue that never moves records never calls it.
   */
  default void onWithdrawn(Runnable sweep) {
  }

  /**
   * True when other gateways read this queue too (Kafka): a record may be delivered by a gateway that did not
   * admit it, after the one that did died before committing its ledger claim.
   */
  default boolean shared() {
    return false;
  }

  /** Records this gateway holds and has not settled (the journal: its whole backlog). Lock-free. */
  long unsettledRecords();

  /** Bytes of those records (approximate). Lock-free. */
  long unsettledBytes();

  /** False while nothing can be stored (a failed fsync, brokers out of reach): installs get a 503. */
  boolean takesAppends();

  /** True while the journal refuses appends at its free-space floor (never for Kafka). */
  boolean diskLow();

  /** The last seq handed out or appended so far (records up to it are "accepted so far"). */
  long lastSeq();

  /** The oldest seq this process may still deliver; every record below it is settled. */
  long lowWaterMark();
}
