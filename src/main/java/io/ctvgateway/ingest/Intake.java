package io.ctvgateway.ingest;

import io.ctvgateway.dedupe.InstallLedger;
import io.ctvgateway.dedupe.LedgerKey;
import io.ctvgateway.dedupe.Receipt;
import io.ctvgateway.journal.Journal;
import io.ctvgateway.kochava.UpstreamRequest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits an install: claim the key in the ledger, append to the journal, and only then say "accepted".
 *
 * <p>Design note. Two copies of one install can arrive at once (a TV retrying over a slow network). The
 * second must not be told "duplicate" while the first is still being written, because that write may fail
 * and then nobody has the install. So an in-flight claim is visible in {@link #pending}: a concurrent copy
 * waits for the first one's outcome and answers "duplicate" only once it is durable, or 503 if it failed.
 * A failed append releases the ledger claim, so the client's retry is accepted. The map holds one entry per
 * append in flight, nothing more.
 */
public final class Intake {
  private static final Logger LOG = LoggerFactory.getLogger(Intake.class);

  private final InstallLedger ledger;
  private final Journal journal;
  private final Backpressure backpressure;
  private final ConcurrentMap<LedgerKey, Future<Receipt>> pending = new ConcurrentHashMap<>();

  public Intake(InstallLedger ledger, Journal journal, Backpressure backpressure) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.journal = Objects.requireNonNull(journal, "journal");
    this.backpressure = Objects.requireNonNull(backpressure, "backpressure");
  }

  /** The outcome of a submission: accepted now, or a duplicate of {@code receipt}. */
  record Outcome(boolean accepted, Receipt receipt) {}

  /** Throws the 503 that {@link #submit} would, before anything is prepared (batches: all or nothing). */
  void ensureAccepting() {
    backpressure.check();
  }

  /** Admits a keyed submission (an install, or an event with an {@code event_id}); else see {@link #append}. */
  Future<Outcome> submit(LedgerKey key, Receipt receipt, UpstreamRequest request) {
    if (key == null) {
      return append(receipt, request);
    }
    backpressure.check();
    Promise<Receipt> stored = Promise.promise();
    Future<Receipt> inFlight = pending.putIfAbsent(key, stored.future());
    if (inFlight != null) {
      return inFlight.transform(ar -> ar.succeeded()
          ? Future.succeededFuture(new Outcome(false, ar.result()))
          : Future.failedFuture(unavailable()));
    }
    return ledger.claim(key, receipt)
        .recover(failure -> {
          LOG.warn("event=ledger_unavailable cause={}", failure.toString());
          return Future.failedFuture(ApiException.unavailable("ledger_unavailable",
              "the install ledger cannot be reached; nothing was stored, send it again later", 5));
        })
        .compose(claim -> claim.fresh()
            ? append(key, receipt, request).map(new Outcome(true, receipt))
            : Future.succeededFuture(new Outcome(false, claim.receipt())))
        .andThen(ar -> {
          pending.remove(key, stored.future());
          if (ar.succeeded()) {
            stored.complete(ar.result().receipt());
          } else {
            stored.fail(ar.cause());
          }
        });
  }

  /** Admits what is never a duplicate (an event without {@code event_id}): journal only. */
  Future<Outcome> append(Receipt receipt, UpstreamRequest request) {
    backpressure.check();
    return journal.append(request.toBytes())
        .transform(ar -> {
          if (ar.failed()) {
            LOG.error("event=journal_append_failed receipt={} cause={}", receipt, ar.cause().toString());
            return Future.failedFuture(unavailable());
          }
          return Future.succeededFuture(new Outcome(true, receipt));
        });
  }

  /**
   * The install first, then its key: once the install is in the journal it will be delivered, so a failure
   * to persist the key is logged and the answer is still 202 (the cost is a possible duplicate after a
   * restart, never a lost install).
   */
  private Future<Void> append(LedgerKey key, Receipt receipt, UpstreamRequest request) {
    return journal.append(request.toBytes())
        .recover(failure -> {
          LOG.error("event=journal_append_failed receipt={} cause={}", receipt, failure.toString());
          return ledger.release(key, receipt).transform(ignored -> Future.failedFuture(unavailable()));
        })
        .compose(seq -> ledger.commit(key, receipt).recover(failure -> {
          LOG.error("event=ledger_commit_failed receipt={} cause={}", receipt, failure.toString());
          return Future.succeededFuture();
        }));
  }

  private static ApiException unavailable() {
    return ApiException.unavailable("storage_unavailable",
        "the install could not be stored; nothing was kept, send it again later", 5);
  }
}
