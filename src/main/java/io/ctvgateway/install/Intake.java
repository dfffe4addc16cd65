package io.ctvgateway.install;

import io.ctvgateway.dedupe.Claim;
import io.ctvgateway.dedupe.InstallLedger;
import io.ctvgateway.dedupe.LedgerKey;
import io.ctvgateway.dedupe.Receipt;
import io.ctvgateway.journal.DiskLowException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
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
  private final ConcurrentMap<LedgerKey, Future<Outcome>> pending = new ConcurrentHashMap<>();

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

  /**
   * Admits a submission: accepted (durable), a duplicate, or a future failed with a {@link Refusal}.
   *
   * <p>Written as callbacks into one promise, not as a chain of {@code compose}/{@code recover}/{@code map}:
   * every step but the journal's append completes at once, and each link of a chain was a future and a listener
   * allocated and run per install (about a dozen).
   */
  public Future<Outcome> admit(Submission submission) {
    Refusal refused = refusal();
    if (refused != null) {
      return Future.failedFuture(refused);
    }
    Promise<Outcome> answer = Promise.promise();
    LedgerKey key = submission.key();
    if (key == null) {
      Receipt receipt = submission.receipt();
      byte[] record;
      try {
        record = AcceptedInstallCodec.toBytes(submission.install());
      } catch (RuntimeException e) {
        return Future.failedFuture(e); // a future, as every other failure here
      }
      append(submission.install(), record, appended -> {
        if (appended == null) {
          answer.complete(new Outcome.Accepted(receipt));
        } else {
          answer.fail(appended);
        }
      });
      return answer.future();
    }
    Future<Outcome> inFlight = pending.putIfAbsent(key, answer.future());
    if (inFlight != null) {
      return onCallersContext(inFlight).transform(ar -> ar.succeeded()
          ? Future.succeededFuture(new Outcome.Duplicate(ar.result().receipt()))
          : Future.failedFuture(new Refusal(Refusal.Reason.STORAGE_UNAVAILABLE)));
    }
    Future<Claim> claimed;
    try {
      claimed = ledger.claim(key, submission.receipt());
    } catch (RuntimeException e) {
      settle(key, answer, null, e);
      return answer.future();
    }
    if (claimed.isComplete()) { // the local ledgers answer at once: no listener
      claimed(claimed, key, submission, answer);
    } else {
      claimed.onComplete(claim -> claimed(claim, key, submission, answer));
    }
    return answer.future();
  }

  private final FailureStreak ledgerStreak = new FailureStreak(LOG, "ledger");
  private final FailureStreak journalStreak = new FailureStreak(LOG, "queue");

  private void claimed(AsyncResult<Claim> claimed, LedgerKey key, Submission submission, Promise<Outcome> answer) {
    try {
      claimedOrThrow(claimed, key, submission, answer);
    } catch (RuntimeException e) { // a bug, not a refusal: still out of pending, so a retry is not stuck behind it
      settle(key, answer, null, e);
    }
  }

  private void claimedOrThrow(AsyncResult<Claim> claimed, LedgerKey key, Submission submission,
      Promise<Outcome> answer) {
    if (claimed.failed()) {
      ledgerStreak.failed(claimed.cause(), false);
      settle(key, answer, null, new Refusal(Refusal.Reason.LEDGER_UNAVAILABLE));
      return;
    }
    ledgerStreak.succeeded();
    Claim claim = claimed.result();
    if (!claim.fresh()) {
      settle(key, answer, new Outcome.Duplicate(claim.receipt()), null);
      return;
    }
    Receipt receipt = submission.receipt();
    byte[] record;
    try {
      record = AcceptedInstallCodec.toBytes(submission.install());
    } catch (RuntimeException e) { // claimed but not stored: the claim goes, or a retry would be a "duplicate"
      ledger.release(key, receipt).onComplete(released -> settle(key, answer, null, e));
      return;
    }
    append(submission.install(), record, refused -> {
      if (refused != null) {
        ledger.release(key, receipt).onComplete(released -> settle(key, answer, null, refused));
        return;
      }
      Future<Void> committed = commit(key, receipt);
      if (committed.isComplete()) {
        settle(key, answer, new Outcome.Accepted(receipt), null);
      } else {
        committed.onComplete(done -> settle(key, answer, new Outcome.Accepted(receipt), null));
      }
    });
  }

  /** The first copy's outcome: out of {@link #pending} first, so a copy arriving after it meets the ledger. */
  private void settle(LedgerKey key, Promise<Outcome> answer, Outcome outcome, Throwable refused) {
    pending.remove(key, answer.future());
    if (refused == null) {
      answer.tryComplete(outcome);
    } else {
      answer.tryFail(refused);
    }
  }

  /**
   * Appends the install's {@code record}; {@code then} hears null once it is durable (then it will be delivered or
   * dead-lettered), else the {@link Refusal}.
   */
  private void append(AcceptedInstall install, byte[] record, Consumer<Refusal> then) {
    if (!backpressure.reserve()) {
      then.accept(new Refusal(Refusal.Reason.BACKLOG_FULL));
      return;
    }
    Future<Long> appending;
    try {
      appending = queue.append(install.orderKey(), record);
    } catch (RuntimeException e) { // a queue that throws rather than fail its future: the reservation still goes back
      appending = Future.failedFuture(e);
    }
    appending.onComplete(appended -> {
      backpressure.release();
      if (appended.succeeded()) {
        journalStreak.succeeded();
        then.accept(null);
      } else if (appended.cause() instanceof DiskLowException) {
        then.accept(new Refusal(Refusal.Reason.DISK_LOW)); // logged once by the journal
      } else {
        journalStreak.failed(appended.cause(), true);
        then.accept(new Refusal(Refusal.Reason.STORAGE_UNAVAILABLE));
      }
    });
  }

  /**
   * The install is in the journal, so it will be delivered: a failure to commit the key is logged and the
   * answer is still 202 (the cost is a possible duplicate later, never a lost install). Completes at once for
   * the local ledgers.
   */
  private Future<Void> commit(LedgerKey key, Receipt receipt) {
    Future<Void> committed;
    try {
      committed = ledger.commit(key, receipt);
    } catch (RuntimeException e) {
      committed = Future.failedFuture(e);
    }
    if (committed.succeeded()) {
      return committed;
    }
    return committed.recover(failure -> {
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
