package io.ctvgateway.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.config.JournalConfig;
import io.ctvgateway.config.LedgerConfig;
import io.ctvgateway.dedupe.CompactLedger;
import io.ctvgateway.dedupe.LedgerKey;
import io.ctvgateway.dedupe.Receipt;
import io.ctvgateway.journal.FsyncMode;
import io.ctvgateway.journal.Journal;
import io.ctvgateway.journal.JournalOptions;
import io.ctvgateway.profile.InstallKey;
import io.ctvgateway.profile.ResolvedDevice;
import io.ctvgateway.profile.UaSource;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class IntakeTest {
  @TempDir
  Path dir;
  private final Vertx vertx = Vertx.vertx();
  private final Clock clock = Clock.systemUTC();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private Submission submission(LedgerKey key) {
    AcceptedInstall install = new AcceptedInstall(Receipt.next(clock), "roku", "koctv-app", clock.millis(), "{}",
        "Unknown", "{}", OrderKey.of(key), key);
    ResolvedDevice device = new ResolvedDevice(Map.of("rida", "device-1"), new InstallKey("rida", "device-1"), null,
        UaSource.NONE, null, false);
    return new Submission(key, install, device, List.of());
  }

  private Context contextOfAVerticle() throws Exception {
    Promise<Context> started = Promise.promise();
    vertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        started.complete(context);
        return Future.succeededFuture();
      }
    }).await(10, TimeUnit.SECONDS);
    return started.future().await(10, TimeUnit.SECONDS);
  }

  private static JournalConfig limits() {
    return new JournalConfig(FsyncMode.EACH, 0, 1, 1 << 20, 1_000, 1_000, 1L << 30, 0, 3_600_000);
  }

  @Test
  void aConcurrentCopyIsAnsweredDuplicateOnItsOwnEventLoopOnceTheFirstIsDurable() throws Exception {
    try (Journal journal = Journal.open(JournalOptions.defaults(dir).withFsync(FsyncMode.EACH))) {
      Intake intake = new Intake(CompactLedger.create(new LedgerConfig(1_000, 30), clock), new JournalQueue(journal),
          new Backpressure(new JournalQueue(journal), limits()));
      LedgerKey key = LedgerKey.of("koctv-app", "roku", new InstallKey("rida", "device-1"));
      Submission first = submission(key);
      Submission copy = submission(key);
      // Two verticles get two event-loop contexts, on different event loops (assigned round robin).
      Context one = contextOfAVerticle();
      Context two = contextOfAVerticle();
      Promise<Outcome> firstOutcome = Promise.promise();
      Promise<String> copyThread = Promise.promise();
      Promise<Outcome> copyOutcome = Promise.promise();
      one.runOnContext(v -> {
        intake.admit(first).onComplete(firstOutcome);
        // The first append is on its way to an fsync: the copy arrives on another event loop meanwhile.
        two.runOnContext(w -> intake.admit(copy).onComplete(ar -> {
          copyThread.complete(Thread.currentThread().getName());
          copyOutcome.handle(ar);
        }));
      });
      Outcome accepted = firstOutcome.future().await(10, TimeUnit.SECONDS);
      Outcome duplicate = copyOutcome.future().await(10, TimeUnit.SECONDS);
      assertInstanceOf(Outcome.Accepted.class, accepted);
      assertInstanceOf(Outcome.Duplicate.class, duplicate);
      assertEquals(first.receipt(), duplicate.receipt());
      String twoThread = Future.<String>future(p -> two.runOnContext(v -> p.complete(Thread.currentThread().getName())))
          .await(10, TimeUnit.SECONDS);
      String oneThread = Future.<String>future(p -> one.runOnContext(v -> p.complete(Thread.currentThread().getName())))
          .await(10, TimeUnit.SECONDS);
      assertNotEquals(oneThread, twoThread, "the test needs two event loops");
      assertEquals(twoThread, copyThread.future().await(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void appendsInFlightCountTowardTheBacklogLimitSoABurstTakesExactlyTheLimit() throws Exception {
    try (Journal journal = Journal.open(JournalOptions.defaults(dir))) {
      JournalConfig fifty = new JournalConfig(FsyncMode.BATCH, 0, 1, 1 << 20, 1_000, 50, 1L << 30, 0, 3_600_000);
      Intake intake = new Intake(CompactLedger.create(new LedgerConfig(1_000, 30), clock), new JournalQueue(journal),
          new Backpressure(new JournalQueue(journal), fifty));
      Context context = contextOfAVerticle();
      Promise<List<Outcome>> all = Promise.promise();
      context.runOnContext(v -> {
        // 200 admissions before any append can complete: a check against durable records alone passes them all.
        List<Future<Outcome>> outcomes = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
          outcomes.add(intake.admit(submission(LedgerKey.of("koctv-app", "roku", new InstallKey("rida", "d" + i)))));
        }
        Future.join(outcomes).onComplete(done -> all.complete(outcomes.stream()
            .map(f -> f.succeeded() ? f.result() : null).toList()));
      });
      List<Outcome> outcomes = all.future().await(30, TimeUnit.SECONDS);
      long accepted = outcomes.stream().filter(o -> o instanceof Outcome.Accepted).count();
      // A record is counted both in flight and durable for an instant: a burst may stop a place early, never late.
      assertTrue(accepted <= 50, "accepted " + accepted);
      for (int i = 0; i < 60; i++) {
        Submission more = submission(LedgerKey.of("koctv-app", "roku", new InstallKey("rida", "more" + i)));
        Future<Outcome> outcome = intake.admit(more);
        outcome.toCompletionStage().toCompletableFuture().handle((ok, e) -> ok).get(10, TimeUnit.SECONDS);
        accepted += outcome.succeeded() ? 1 : 0;
      }
      assertEquals(50, accepted, "quiet again, the limit is reached exactly");
      assertEquals(50, journal.unsettledRecords());
    }
  }

  @Test
  void backpressureIsAFailedFutureNeverAThrow() throws Exception {
    try (Journal journal = Journal.open(JournalOptions.defaults(dir))) {
      Backpressure backpressure = new Backpressure(new JournalQueue(journal), limits());
      backpressure.close();
      Intake intake = new Intake(CompactLedger.create(new LedgerConfig(1_000, 30), clock), new JournalQueue(journal), backpressure);
      Future<Outcome> refused = intake.admit(submission(LedgerKey.of("a", "roku", new InstallKey("rida", "x"))));
      Throwable cause = refused.toCompletionStage().toCompletableFuture().handle((ok, e) -> e).get(10, TimeUnit.SECONDS);
      Refusal refusal = assertInstanceOf(Refusal.class, cause instanceof java.util.concurrent.CompletionException
          ? cause.getCause() : cause);
      assertEquals(Refusal.Reason.SHUTTING_DOWN, refusal.reason());
      assertEquals(0, journal.unsettledRecords(), "nothing stored");
    }
  }

  /**
   * A queue that throws instead of failing its future (a bug in one): the admission fails as a future, and gives
   * back what it took, the ledger's claim and the backlog's one place, so the client's retry is accepted, not
   * answered "duplicate" for an install nobody stored, nor refused for a full backlog.
   */
  @Test
  void aQueueThatThrowsGivesBackTheClaimAndTheBacklogPlace() throws Exception {
    try (Journal journal = Journal.open(JournalOptions.defaults(dir))) {
      JournalQueue real = new JournalQueue(journal);
      InstallQueue throwingOnce = new ThrowingOnce(real);
      JournalConfig one = new JournalConfig(FsyncMode.BATCH, 0, 1, 1 << 20, 1_000, 1, 1L << 30, 0, 3_600_000);
      Intake intake = new Intake(CompactLedger.create(new LedgerConfig(1_000, 30), clock), throwingOnce,
          new Backpressure(real, one));
      LedgerKey key = LedgerKey.of("koctv-app", "roku", new InstallKey("rida", "thrown"));
      Future<Outcome> first = intake.admit(submission(key));
      Throwable cause = first.toCompletionStage().toCompletableFuture().handle((ok, e) -> e).get(10, TimeUnit.SECONDS);
      assertTrue(cause != null, "the first admission failed");
      Outcome retried = intake.admit(submission(key)).await(10, TimeUnit.SECONDS);
      assertInstanceOf(Outcome.Accepted.class, retried, "the retry is stored, not a duplicate nor refused");
      assertEquals(1, journal.unsettledRecords());
    }
  }

  /** The journal queue, except that its first append throws. */
  private static final class ThrowingOnce implements InstallQueue {
    private final JournalQueue real;
    private boolean thrown;

    ThrowingOnce(JournalQueue real) {
      this.real = real;
    }

    @Override
    public String type() {
      return real.type();
    }

    @Override
    public Future<Long> append(OrderKey device, byte[] payload) {
      if (!thrown) {
        thrown = true;
        throw new IllegalStateException("a queue's bug");
      }
      return real.append(device, payload);
    }

    @Override
    public Future<List<io.ctvgateway.journal.JournalRecord>> poll(int max) {
      return real.poll(max);
    }

    @Override
    public void settle(long seq) {
      real.settle(seq);
    }

    @Override
    public long unsettledRecords() {
      return real.unsettledRecords();
    }

    @Override
    public long unsettledBytes() {
      return real.unsettledBytes();
    }

    @Override
    public boolean takesAppends() {
      return real.takesAppends();
    }

    @Override
    public boolean diskLow() {
      return real.diskLow();
    }

    @Override
    public long lastSeq() {
      return real.lastSeq();
    }

    @Override
    public long lowWaterMark() {
      return real.lowWaterMark();
    }
  }
}
