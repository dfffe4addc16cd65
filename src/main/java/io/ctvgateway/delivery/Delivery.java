package io.ctvgateway.delivery;

import io.ctvgateway.config.DeliveryConfig;
import io.ctvgateway.config.KochavaConfig;
import io.ctvgateway.config.UpstreamConfig;
import io.ctvgateway.install.AcceptedInstall;
import io.ctvgateway.install.AcceptedInstallCodec;
import io.ctvgateway.install.InstallQueue;
import io.ctvgateway.install.OrderKey;
import io.ctvgateway.install.Settlement;
import io.ctvgateway.journal.Journal;
import io.ctvgateway.journal.JournalRecord;
import io.ctvgateway.kochava.KochavaAnswer;
import io.ctvgateway.kochava.KochavaClient;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pump: tails the journal into a bounded {@link Window}, keeps per-device order ({@link DeviceQueues}),
 * sends through {@link KochavaClient} with at most {@code upstream.max_in_flight} on the wire, gated by the
 * {@link CircuitBreaker}, and carries out what {@link RetryPolicy} decides for each answer. Delivered and
 * dead-lettered records go through {@link Settlement}; a settlement that fails is tried again, and the record
 * holds its place (and its device's order) until it succeeds.
 *
 * <p>One verticle instance, so all state is owned by one event loop and needs no locks. On stop, nothing new
 * is sent or scheduled; requests in flight get {@code shutdownGraceMs} to finish; what is not settled stays
 * in the journal for the next start.
 *
 * <p>With a shared queue (Kafka) a rebalance can give a record's partition to another gateway while the record
 * is here. Then it is withdrawn: dropped unsent from wherever it waits (the ready queue, behind its device, a
 * retry timer), given back to the queue unsettled, and its device's later records with it (one device, one
 * partition). A record already on the wire finishes its call; if delivered it is settled as usual.
 */
public final class Delivery extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

  private final InstallQueue queue;
  private final Settlement settlement;
  private final DeadLetters deadLetters;
  private final UpstreamConfig upstream;
  private final KochavaConfig kochava;
  private final Clock clock;
  private final DeliveryStats stats;
  private final long shutdownGraceMs;
  private final Window window;
  private final RetryPolicy policy;
  private final UpstreamHealth upstreamHealth;
  private final DeviceQueues devices = new DeviceQueues();
  private final ArrayDeque<Attempt> ready = new ArrayDeque<>();
  /** Attempts waiting for a retry timer (a rebalance may withdraw them meanwhile). */
  private final Set<Attempt> retrying = new HashSet<>();
  /** Forgotten devices (privacy requests): their records with a seq up to this are dropped, never sent. */
  private final Map<OrderKey, Long> forgotten = new HashMap<>();
  private final Journal forgottenLog;
  private KochavaClient client;
  private int inFlight;
  private boolean polling;
  private boolean pumpScheduled;
  private boolean stopping;
  private boolean settleFailing;
  private long lagProbe = -1;
  /** Dead-letter and settlement writes in flight (see {@link #storedWritesDone}); sends are {@link #inFlight}. */
  private int storing;
  private Promise<Void> storedWrites;

  public Delivery(InstallQueue queue, Settlement settlement, DeadLetters deadLetters, UpstreamConfig upstream,
      DeliveryConfig config, KochavaConfig kochava, Clock clock, DeliveryStats stats, long shutdownGraceMs,
      Journal forgottenLog) {
    this.forgottenLog = Objects.requireNonNull(forgottenLog, "forgottenLog");
    this.queue = Objects.requireNonNull(queue, "queue");
    this.settlement = Objects.requireNonNull(settlement, "settlement");
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    this.upstream = Objects.requireNonNull(upstream, "upstream");
    this.kochava = Objects.requireNonNull(kochava, "kochava");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.stats = Objects.requireNonNull(stats, "stats");
    this.shutdownGraceMs = shutdownGraceMs;
    this.window = new Window(config.window());
    this.policy = new RetryPolicy(config, clock);
    this.upstreamHealth = new UpstreamHealth(config, clock, stats);
  }

  @Override
  public Future<?> start() {
    client = KochavaClient.create(vertx, upstream, kochava);
    queue.onWithdrawn(() -> context.runOnContext(v -> sweepWithdrawn()));
    lagProbe = io.ctvgateway.metrics.LoopLag.start(vertx, stats.loopLag());
    return vertx.executeBlocking(this::loadForgotten).map(loaded -> {
      forgotten.putAll(loaded);
      poll();
      return null;
    });
  }

  /** Blocking: the forgotten devices still relevant (records up to their seq may be unsettled); the rest settled. */
  private Map<OrderKey, Long> loadForgotten() throws IOException {
    Map<OrderKey, Long> loaded = new HashMap<>();
    long lowWaterMark = queue.lowWaterMark();
    forgottenLog.forEachUnsettled(record -> {
      ByteBuffer in = ByteBuffer.wrap(record.payload());
      OrderKey device = new OrderKey(in.getLong(), in.getLong());
      long upTo = in.getLong();
      if (upTo < lowWaterMark) {
        forgottenLog.settle(record.seq()); // every record it covers is settled: nothing left to drop
      } else {
        loaded.merge(device, upTo, Math::max);
      }
    });
    return loaded;
  }

  /**
   * A privacy request: every record of {@code device} accepted so far is dropped, never sent (a request already
   * on the wire cannot be recalled). Durable before it completes, so a restart drops them too. Any thread.
   */
  public Future<Void> forget(OrderKey device) {
    long upTo = queue.lastSeq();
    byte[] record = ByteBuffer.allocate(24).putLong(device.high()).putLong(device.low()).putLong(upTo).array();
    return forgottenLog.append(record).compose(seq -> {
      Promise<Void> applied = Promise.promise();
      context.runOnContext(v -> {
        forgotten.merge(device, upTo, Math::max);
        applied.complete();
      });
      return applied.future();
    });
  }

  private boolean isForgotten(Attempt attempt) {
    if (forgotten.isEmpty()) {
      return false; // nearly always: no lookup per send
    }
    Long upTo = attempt.install.orderKey() == null ? null : forgotten.get(attempt.install.orderKey());
    return upTo != null && attempt.seq <= upTo;
  }

  /** Settles a forgotten device's record without sending it and without keeping its key. */
  private void drop(Attempt attempt) {
    stats.forgotten.incrementAndGet();
    settle(attempt.seq, attempt.install, false);
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    vertx.cancelTimer(lagProbe);
    Future<Void> calls = client == null ? Future.succeededFuture() : client.shutdown(shutdownGraceMs);
    return calls.eventually(this::storedWritesDone);
  }

  /**
   * A send answered during the grace still has its answer to handle (the client's shutdown may complete before
   * that callback runs here) and its dead letter or settlement to write (the ledger's key log, the dead-letter
   * journal). The stores close once delivery has stopped, so stopping waits for both, at most
   * {@code shutdownGraceMs} more: a record whose delivery was not settled is sent again at the next start.
   */
  private Future<Void> storedWritesDone() {
    if (storing == 0 && inFlight == 0) {
      return Future.succeededFuture();
    }
    storedWrites = Promise.promise();
    long timer = vertx.setTimer(Math.max(1, shutdownGraceMs), id -> storedWrites.tryComplete());
    return storedWrites.future().andThen(done -> vertx.cancelTimer(timer));
  }

  /** One write of a dead letter or a settlement has finished. */
  private void stored() {
    storing--;
    quiet();
  }

  /** Completes a stop that waits for sends and writes, once none is left. */
  private void quiet() {
    if (storing == 0 && inFlight == 0 && storedWrites != null) {
      storedWrites.tryComplete();
    }
  }

  private void poll() {
    if (polling || stopping || window.room() <= 0) {
      return;
    }
    polling = true;
    queue.poll(window.room()).onComplete(this::received);
  }

  private void received(AsyncResult<List<JournalRecord>> result) {
    polling = false;
    if (result.failed()) {
      LOG.error("event=journal_poll_failed cause={}", result.cause().toString());
      later(1_000, this::poll);
      return;
    }
    for (JournalRecord record : result.result()) {
      AcceptedInstall install;
      try {
        install = AcceptedInstallCodec.fromBytes(record.payload());
      } catch (IllegalArgumentException e) {
        window.holdUnreadable(record.seq());
        LOG.error("event=unreadable_record seq={} cause={}", record.seq(), e.getMessage());
        deadLetter(record.seq(), new DeadLetter("unreadable_record", 0, e.getMessage(), 0, clock.millis(), null,
            DeadLetter.base64(record.payload())));
        continue;
      }
      window.hold(record.seq(), install.acceptedAtMillis());
      Attempt attempt = new Attempt(record.seq(), install);
      // A forgotten device's record goes through its device's queue like any other and is dropped in pump(),
      // so the device's order (and its queue) stays as it was.
      if (devices.admit(attempt)) {
        ready.add(attempt);
      }
    }
    publish();
    pump();
    if (!result.result().isEmpty()) {
      poll();
    }
  }

  private void pump() {
    while (!stopping && inFlight < upstream.maxInFlight() && !ready.isEmpty()) {
      long wait = upstreamHealth.acquire();
      if (wait > 0) {
        if (!pumpScheduled) {
          pumpScheduled = true;
          later(wait, () -> {
            pumpScheduled = false;
            pump();
          });
        }
        return;
      }
      Attempt next = ready.poll();
      if (isForgotten(next)) {
        drop(next);
        continue;
      }
      if (!queue.owns(next.seq)) {
        withdraw(next);
        continue;
      }
      send(next);
    }
  }

  /**
   * With a shared queue an install is arbitrated by the shared ledger once, before its first send (see
   * {@link Settlement#arbitrate}); the check counts toward {@code max_in_flight} like a send.
   */
  private void send(Attempt attempt) {
    if (attempt.arbitrated || !settlement.arbitrates(attempt.install)) {
      transmit(attempt);
      return;
    }
    inFlight++;
    settlement.arbitrate(attempt.install).onComplete(verdict -> {
      inFlight--;
      if (verdict.succeeded() && verdict.result()) {
        attempt.arbitrated = true;
        if (!queue.owns(attempt.seq)) {
          withdraw(attempt); // its partition moved meanwhile
        } else if (!stopping) {
          transmit(attempt);
        }
      } else if (verdict.succeeded()) {
        stats.duplicatesSkipped.incrementAndGet();
        LOG.info("event=delivery_duplicate_skipped receipt={} reason=\"another receipt holds the device's key\"",
            attempt.install.receipt());
        settle(attempt.seq, attempt.install, false);
      } else {
        LOG.warn("event=delivery_arbitration_failed receipt={} cause={}", attempt.install.receipt(),
            verdict.cause().toString());
        later(policy.storageRetryMs(), () -> {
          ready.addFirst(attempt);
          pump();
        });
      }
      pump();
      quiet();
    });
  }

  private void transmit(Attempt attempt) {
    inFlight++;
    attempt.attempts++;
    long sent = System.nanoTime();
    client.send(attempt.install.target(), attempt.body, attempt.install.userAgent(), attempt.install.appId())
        .onSuccess(answer -> {
          inFlight--;
          stats.upstream(answer.verdict(), System.nanoTime() - sent, attempt.install, answer.status());
          answered(attempt, answer);
          pump();
          quiet();
        });
  }

  private void answered(Attempt attempt, KochavaAnswer answer) {
    if (isForgotten(attempt)) {
      drop(attempt); // forgotten while on the wire: whatever the answer, nothing more is done with it
      return;
    }
    if (!queue.owns(attempt.seq) && answer.verdict() != io.ctvgateway.kochava.Verdict.DELIVERED) {
      withdraw(attempt); // its partition moved while on the wire: the new owner sends it again
      return;
    }
    attempt.lastStatus = answer.status();
    attempt.lastBody = answer.body();
    upstreamHealth.observe(answer, attempt.install.receipt());
    Decision decision = policy.decide(attempt, answer);
    switch (decision.action()) {
      case SETTLE -> {
        stats.delivered.incrementAndGet();
        stats.deliveredAged(clock.millis() - attempt.install.acceptedAtMillis());
        LOG.debug("event=delivered receipt={} attempts={}", attempt.install.receipt(), attempt.attempts);
        settle(attempt.seq, attempt.install, true);
      }
      case RETRY -> {
        LOG.debug("event=retry_scheduled receipt={} attempt={} status={} delay_ms={}", attempt.install.receipt(),
            attempt.attempts, attempt.lastStatus, decision.delayMs());
        retrying.add(attempt);
        later(decision.delayMs(), () -> {
          if (retrying.remove(attempt)) {
            ready.add(attempt);
            pump();
          }
        });
      }
      case DEAD_LETTER -> deadLetter(attempt.seq, new DeadLetter(decision.reason(), attempt.lastStatus,
          attempt.lastBody, attempt.attempts, clock.millis(), attempt.install, null));
      case THROTTLED -> {
        LOG.debug("event=throttled receipt={} hold_ms={}", attempt.install.receipt(), decision.delayMs());
        upstreamHealth.hold(decision.delayMs());
        ready.addFirst(attempt);
      }
      case MISCONFIGURED -> {
        LOG.error("event=upstream_misconfigured status={} body={} retry_in_ms={} hint=\"check the upstream URL, the"
            + " Kochava app id and API key; records are kept and retried\"", attempt.lastStatus,
            UpstreamHealth.clip(attempt.lastBody), decision.delayMs());
        upstreamHealth.trip(decision.delayMs());
        ready.addFirst(attempt);
      }
    }
    publish();
  }

  /** The record is settled only once its dead letter is durable; until then the write is tried again. */
  private void deadLetter(long seq, DeadLetter letter) {
    storing++;
    deadLetters.add(letter).onComplete(written -> {
      if (written.succeeded()) {
        stats.deadLettered.incrementAndGet();
        if (letter.install() != null) {
          stats.deadLetteredAged(letter.reason(), letter.deadAtMillis() - letter.install().acceptedAtMillis());
        }
        LOG.warn("event=dead_lettered reason={} receipt={} status={} attempts={} dead_letter_id={}", letter.reason(),
            letter.install() == null ? "-" : letter.install().receipt(), letter.status(), letter.attempts(),
            written.result());
        settle(seq, letter.install(), true); // counted before this write is: stopping waits for both
      } else {
        LOG.error("event=dead_letter_write_failed seq={} cause={}", seq, written.cause().toString());
        later(policy.storageRetryMs(), () -> deadLetter(seq, letter));
      }
      stored();
    });
  }

  /** {@code keepKey}: the ledger keeps the install's key (false only for a forgotten device's record). */
  private void settle(long seq, AcceptedInstall install, boolean keepKey) {
    storing++;
    settlement.settle(seq, keepKey ? install : null).onComplete(settled -> {
      stored();
      if (settled.failed()) {
        if (!settleFailing) {
          settleFailing = true;
          LOG.error("event=settle_failed seq={} cause={} hint=\"the ledger could not keep the key; the record stays"
              + " in the journal and settling is retried\"", seq, settled.cause().toString());
        }
        later(policy.storageRetryMs(), () -> settle(seq, install, keepKey));
        return;
      }
      if (settleFailing) {
        settleFailing = false;
        LOG.info("event=settle_recovered seq={}", seq);
      }
      window.release(seq);
      Attempt next = devices.release(install == null ? null : install.orderKey());
      if (next != null) {
        ready.add(next);
      }
      publish();
      pump();
      poll();
    });
  }

  /**
   * Drops every record this gateway no longer owns and has not sent: a rebalance moved its partition. Runs on
   * this event loop when the queue says so (possibly several times for one rebalance).
   */
  private void sweepWithdrawn() {
    List<Attempt> gone = new java.util.ArrayList<>();
    ready.removeIf(attempt -> !queue.owns(attempt.seq) && gone.add(attempt));
    retrying.removeIf(attempt -> !queue.owns(attempt.seq) && gone.add(attempt));
    gone.forEach(this::withdraw);
    devices.removeWaiting(attempt -> !queue.owns(attempt.seq), this::withdrawOne);
    if (!gone.isEmpty()) {
      LOG.info("event=delivery_withdrawn records={} reason=rebalance", gone.size());
    }
    publish();
    pump();
    poll();
  }

  /** A record that is no longer ours, and its device's later ones behind it: given back unsent, unsettled. */
  private void withdraw(Attempt attempt) {
    withdrawOne(attempt);
    for (Attempt next = devices.release(attempt.install.orderKey()); next != null;
        next = devices.release(next.install.orderKey())) {
      withdrawOne(next);
    }
  }

  private void withdrawOne(Attempt attempt) {
    window.release(attempt.seq);
    queue.release(attempt.seq);
    stats.withdrawn.incrementAndGet();
  }

  /** Runs {@code action} on this event loop in {@code delayMs}, unless delivery is stopping by then. */
  private void later(long delayMs, Runnable action) {
    if (stopping) {
      return;
    }
    vertx.setTimer(Math.max(1, delayMs), id -> {
      if (!stopping) {
        action.run();
      }
    });
  }

  private void publish() {
    stats.inWindow.set(window.size());
    stats.oldestAcceptedAtMillis = window.oldestAcceptedAtMillis();
  }
}
