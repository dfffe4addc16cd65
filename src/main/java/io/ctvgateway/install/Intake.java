package io.ctvgateway.install;

import io.ctvgateway.dedupe.InstallLedger;
import io.ctvgateway.dedupe.LedgerKey;
import io.ctvgateway.dedupe.Receipt;
import io.ctvgateway.journal.DiskLowException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admission: backpressure first, then claim the key in the ledger, append the install to the journal, commit
 * the claim, and only then say {@link Outcome.Accepted}. Every refusal is a future failed with a
 * {@link Refusal}; nothing here throws.
 *
 * <p>Design note. Two copies of one install can arrive at once (a TV retrying over a slow network). The
 * second must not be told "duplicate" while the first is still being written, because that write may fail
 * and then nobody has the install. So an in-flight claim is visible in {@link #pending}: a concurrent copy
 * waits for the first one's outcome, on its own event loop, and answers "duplicate" only once the first is
 * durable, or is refused if it failed. A failed append releases the ledger claim, so the client's retry is
 * accepted. The map holds one entry per append in flight, nothing more.
 */
public final class Intake {
  private static final Logger LOG = LoggerFactory.getLogger(Intake.class);

  private final InstallLedger ledger;
  private final InstallQueue queue;
  private final Backpressure backpressure;
  private final ConcurrentMap<LedgerKey, Future<Receipt>> pending = new ConcurrentHashMap<>();

  public Intake(InstallLedger ledger, InstallQueue queue, Backpressure backpressure) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.queue = Objects.requireNonNull(queue, "queue");
    this.backpressure = Objects.requireNonNull(backpressure, "backpressure");
  }

  /** Why nothing would be admitted now, or null (a batch checks once, before preparing its items). */
  public Refusal refusal() {
    Refusal.Reason reason = backpressure.refusal();
    return reason == null ? null : new Refusal(reason);
  }

  /** Admits a submission: accepted (durable), a duplicate, or a future failed with a {@link Refusal}. */
  public Future<Outcome> admit(Submission submission) {
    Refusal refused = refusal();
    if (refused != null) {
      return Future.failedFuture(refused);
    }
    LedgerKey key = submission.key();
    if (key == null) {
      return append(submission.install()).map(seq -> new Outcome.Accepted(submission.receipt()));
    }
    Promise<Receipt> stored = Promise.promise();
    Future<Receipt> inFlight = pending.putIfAbsent(key, stored.future());
    if (inFlight != null) {
      return onCallersContext(inFlight).transform(ar -> ar.succeeded()
          ? Future.succeededFuture(new Outcome.Duplicate(ar.result()))
          : Future.failedFuture(new Refusal(Refusal.Reason.STORAGE_UNAVAILABLE)));
    }
    return claimAndStore(key, submission)
        .andThen(ar -> {
          pending.remove(key, stored.future());
          if (ar.succeeded()) {
            stored.complete(ar.result().receipt());
          } else {
            stored.fail(ar.cause());
          }
        });
  }

  private final FailureStreak ledgerStreak = new FailureStreak(LOG, "ledger");
  private final FailureStreak journalStreak = new FailureStreak(LOG, "queue");

  private Future<Outcome> claimAndStore(LedgerKey key, Submission submission) {
    Receipt receipt = submission.receipt();
    return ledger.claim(key, receipt)
        .recover(failure -> {
          ledgerStreak.failed(failure, false);
          return Future.failedFuture(new Refusal(Refusal.Reason.LEDGER_UNAVAILABLE));
        })
        .compose(claim -> {
          ledgerStreak.succeeded();
          if (!claim.fresh()) {
            return Future.succeededFuture(new Outcome.Duplicate(claim.receipt()));
          }
          return append(submission.install())
              .recover(refused -> ledger.release(key, receipt).transform(ignored -> Future.failedFuture(refused)))
              .compose(seq -> commit(key, receipt))
              .map(new Outcome.Accepted(receipt));
        });
  }

  /** The install is durable once this succeeds: then it will be delivered or dead-lettered. */
  private Future<Long> append(AcceptedInstall install) {
    if (!backpressure.reserve()) {
      return Future.failedFuture(new Refusal(Refusal.Reason.BACKLOG_FULL));
    }
    return queue.append(install.orderKey(), AcceptedInstallCodec.toBytes(install))
        .andThen(done -> backpressure.release())
        .onSuccess(seq -> journalStreak.succeeded())
        .recover(failure -> {
          if (failure instanceof DiskLowException) {
            return Future.failedFuture(new Refusal(Refusal.Reason.DISK_LOW)); // logged once by the journal
          }
          journalStreak.failed(failure, true);
          return Future.failedFuture(new Refusal(Refusal.Reason.STORAGE_UNAVAILABLE));
        });
  }

  /**
   * The install is in the journal, so it will be delivered: a failure to commit the key is logged and the
   * answer is still 202 (the cost is a possible duplicate later, never a lost install).
   */
  private Future<Void> commit(LedgerKey key, Receipt receipt) {
    return ledger.commit(key, receipt).recover(failure -> {
      LOG.error("event=ledger_commit_failed receipt={} cause={}", receipt, failure.toString());
      return Future.succeededFuture();
    });
  }

  /**
   * The first copy's future completes on the first copy's event loop; a concurrent copy continues on its own
   * (the journal's replies do the same).
   */
  private static <T> Future<T> onCallersContext(Future<T> future) {
    Context context = Vertx.currentContext();
    if (context == null) {
      return future;
    }
    Promise<T> here = Promise.promise();
    future.onComplete(result -> context.runOnContext(v -> here.handle(result)));
    return here.future();
  }
}
