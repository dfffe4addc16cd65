package io.ctvgateway.dedupe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.config.LedgerConfig;
import io.ctvgateway.profile.InstallKey;
import io.ctvgateway.testing.Conditions;
import io.ctvgateway.testing.RedisServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The shared ledger against a real redis-server on a free port: two ledgers stand for two gateways. */
@Timeout(90)
class RedisLedgerTest {
  static final String PREFIX = "ctvgw-test:";

  @TempDir
  Path dir;
  private Vertx vertx;
  private RedisServer redis;
  private final List<RedisLedger> ledgers = new ArrayList<>();
  private final Clock clock = Clock.systemUTC();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    redis = RedisServer.start(dir);
  }

  @AfterEach
  void stop() throws Exception {
    for (RedisLedger ledger : ledgers) {
      ledger.close().await(10, TimeUnit.SECONDS);
    }
    vertx.close().await(10, TimeUnit.SECONDS);
    redis.close();
  }

  static LedgerConfig config(String url, String policy, long timeoutMs, int maxInFlight, long pendingWaitMs) {
    return new LedgerConfig(LedgerConfig.Type.REDIS, 1_000, 400, new LedgerConfig.Redis(url,
        LedgerConfig.Mode.STANDALONE, PREFIX, LedgerConfig.OnUnavailable.valueOf(policy.toUpperCase(Locale.ROOT)),
        timeoutMs, maxInFlight, 4, 10_000, 50, pendingWaitMs));
  }

  private RedisLedger ledger(String policy, long timeoutMs, int maxInFlight, long pendingWaitMs) {
    RedisLedger ledger = RedisLedger.create(vertx, config(redis.url(), policy, timeoutMs, maxInFlight, pendingWaitMs),
        clock);
    ledgers.add(ledger);
    return ledger;
  }

  private RedisLedger ledger() {
    return ledger("fail_closed", 1_000, 256, 2_000);
  }

  static LedgerKey key(int i) {
    return LedgerKey.of("app", "roku", new InstallKey("rida", "device-" + i));
  }

  private Receipt receipt() {
    return Receipt.next(clock);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.await(10, TimeUnit.SECONDS);
  }

  private byte[] rawKey(LedgerKey key) {
    return new RedisCommands(PREFIX).key(key).getBytes();
  }

  @Test
  void aForgottenKeyIsGoneForEveryGatewayAndItsNextInstallIsNew() throws Exception {
    RedisLedger a = ledger();
    RedisLedger b = ledger();
    java.util.concurrent.atomic.AtomicBoolean forgottenAtA = new java.util.concurrent.atomic.AtomicBoolean();
    Conditions.await(vertx, "both subscribed", () -> a.status().up() && b.status().up());
    Receipt first = receipt();
    assertTrue(await(a.claim(key(42), first)).fresh());
    await(a.commit(key(42), first));
    assertFalse(await(b.claim(key(42), receipt())).fresh(), "b knows it (and now caches it)");
    assertTrue(await(b.forget(key(42))), "it was held");
    assertEquals("nil", String.valueOf(redis.command("GET", rawKey(key(42)))), "deleted in Redis");
    assertFalse(await(b.forget(key(4242))), "an unknown key was not held");
    // a had key 42 in its near cache: the forget channel drops it there too.
    Conditions.await(vertx, "a's near cache told", () -> {
      a.claim(key(42), receipt()).onSuccess(claim -> forgottenAtA.set(claim.fresh()));
      return forgottenAtA.get();
    });
  }

  @Test
  void concurrentClaimsFromTwoGatewaysAdmitOneAndTellTheRestTheFirstReceipt() throws Exception {
    RedisLedger a = ledger("fail_closed", 5_000, 4_096, 2_000);
    RedisLedger b = ledger("fail_closed", 5_000, 4_096, 2_000);
    int keys = 300;
    List<Future<Claim>> claims = new ArrayList<>();
    List<Receipt> offered = new ArrayList<>();
    for (int copy = 0; copy < 4; copy++) {
      for (int i = 0; i < keys; i++) {
        Receipt receipt = receipt();
        offered.add(receipt);
        RedisLedger ledger = copy % 2 == 0 ? a : b;
        LedgerKey key = key(i);
        // A fresh claim is committed (the install is durable), as Intake does.
        claims.add(ledger.claim(key, receipt)
            .compose(claim -> claim.fresh() ? ledger.commit(key, receipt).map(claim) : Future.succeededFuture(claim)));
      }
    }
    await(Future.join(claims));
    for (int i = 0; i < keys; i++) {
      Set<Receipt> winners = new HashSet<>();
      Set<Receipt> answered = new HashSet<>();
      for (int copy = 0; copy < 4; copy++) {
        Claim claim = claims.get(copy * keys + i).result();
        answered.add(claim.receipt());
        if (claim.fresh()) {
          winners.add(claim.receipt());
        }
      }
      assertEquals(1, winners.size(), "key " + i + " admitted once");
      assertEquals(winners, answered, "every duplicate of key " + i + " carries the first receipt");
    }
  }

  @Test
  void keysAreThePrefixAndTheSixteenByteHashHoldingTheReceiptWithTheirExpiry() throws Exception {
    RedisLedger ledger = ledger();
    Receipt receipt = receipt();
    assertTrue(await(ledger.claim(key(1), receipt)).fresh());
    byte[] raw = rawKey(key(1));
    assertEquals(PREFIX.length() + 16, raw.length);
    assertEquals(PREFIX, new String(raw, 0, PREFIX.length(), StandardCharsets.US_ASCII));
    assertEquals("1", redis.command("DBSIZE"));
    assertEquals(receipt + "~", redis.command("GET", raw), "pending until committed");
    long pendingTtl = Long.parseLong(redis.command("PTTL", raw));
    assertTrue(pendingTtl > 0 && pendingTtl <= RedisLedger.PENDING_TTL_MS, "pending ttl " + pendingTtl);

    await(ledger.commit(key(1), receipt));
    assertEquals(receipt.toString(), redis.command("GET", raw));
    long ttl = Long.parseLong(redis.command("PTTL", raw));
    assertTrue(ttl > Duration.ofDays(399).toMillis() && ttl <= Duration.ofDays(400).toMillis(), "ttl " + ttl);
    int bytes = Integer.parseInt(redis.command("MEMORY", "USAGE", raw));
    // 24 (dict entry) + 32 (22-byte key) + 48 (object with the 26-character receipt), Redis 7.0 with jemalloc.
    assertTrue(bytes <= 112, "one key costs " + bytes + " bytes in Redis (MEMORY USAGE)");
  }

  @Test
  void aClaimInProgressElsewhereIsWaitedForAndAnsweredDuplicateOnceCommitted() throws Exception {
    RedisLedger a = ledger();
    RedisLedger b = ledger();
    Receipt first = receipt();
    assertTrue(await(a.claim(key(1), first)).fresh());
    Future<Claim> waiting = b.claim(key(1), receipt());
    Conditions.await(vertx, "b polling the pending claim", () -> b.status().nearCacheMisses() == 1);
    assertFalse(waiting.isComplete(), "no answer while the first install is not durable");
    await(a.commit(key(1), first));
    Claim claim = await(waiting);
    assertFalse(claim.fresh());
    assertEquals(first, claim.receipt());
  }

  @Test
  void aClaimInProgressThatIsReleasedLetsTheWaiterClaim() throws Exception {
    RedisLedger a = ledger();
    RedisLedger b = ledger();
    Receipt first = receipt();
    assertTrue(await(a.claim(key(1), first)).fresh());
    Receipt second = receipt();
    Future<Claim> waiting = b.claim(key(1), second);
    await(a.release(key(1), first));
    Claim claim = await(waiting);
    assertTrue(claim.fresh());
    assertEquals(second, claim.receipt());
  }

  @Test
  void aClaimLeftPendingByADeadGatewayIsRefusedAfterThePendingWait() throws Exception {
    RedisLedger dead = ledger();
    RedisLedger b = ledger("fail_closed", 1_000, 256, 100);
    assertTrue(await(dead.claim(key(1), receipt())).fresh());
    CompletionException failure = assertThrows(CompletionException.class,
        () -> b.claim(key(1), receipt()).toCompletionStage().toCompletableFuture().join());
    LedgerUnavailableException unavailable = assertInstanceOf(LedgerUnavailableException.class, failure.getCause());
    assertEquals("claim_in_progress", unavailable.problem());
  }

  @Test
  void releaseDeletesTheKeyOnlyForTheReceiptThatHoldsIt() throws Exception {
    RedisLedger ledger = ledger();
    Receipt holder = receipt();
    assertTrue(await(ledger.claim(key(1), holder)).fresh());
    await(ledger.release(key(1), receipt()));
    assertEquals(holder + "~", redis.command("GET", rawKey(key(1))), "another receipt does not release it");
    await(ledger.release(key(1), holder));
    assertEquals("nil", redis.command("GET", rawKey(key(1))));
    assertTrue(await(ledger.claim(key(1), receipt())).fresh(), "free again: the client's retry is accepted");
  }

  @Test
  void aFreeKeyIsNeverCachedSoAnotherGatewaysLaterInstallIsSeen() throws Exception {
    RedisLedger a = ledger();
    RedisLedger b = ledger();
    Receipt tried = receipt();
    assertTrue(await(a.claim(key(1), tried)).fresh());
    await(a.release(key(1), tried));
    Receipt winner = receipt();
    assertTrue(await(b.claim(key(1), winner)).fresh());
    await(b.commit(key(1), winner));
    Claim again = await(a.claim(key(1), receipt()));
    assertFalse(again.fresh());
    assertEquals(winner, again.receipt());
  }

  @Test
  void redisDownFailsNewKeysClosedAnswersKnownKeysFromTheNearCacheAndRecoversWithoutRestart() throws Exception {
    RedisLedger ledger = ledger("fail_closed", 200, 256, 2_000);
    Receipt known = receipt();
    assertTrue(await(ledger.claim(key(1), known)).fresh());
    await(ledger.commit(key(1), known));
    Conditions.await(vertx, "ledger up", () -> ledger.status().up());

    redis.stop();
    long started = System.nanoTime();
    CompletionException failure = assertThrows(CompletionException.class,
        () -> ledger.claim(key(2), receipt()).toCompletionStage().toCompletableFuture().join());
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 2_000, "failed fast: " + failure);
    Claim duplicate = await(ledger.claim(key(1), receipt()));
    assertFalse(duplicate.fresh());
    assertEquals(known, duplicate.receipt());
    Conditions.await(vertx, "ledger reported down", () -> !ledger.status().up());
    assertEquals("unreachable", ledger.status().problem());
    assertFalse(ledger.status().ready(), "fail_closed: not ready without Redis");

    redis.start();
    Conditions.await(vertx, "ledger up again", () -> ledger.status().up());
    assertTrue(await(ledger.claim(key(2), receipt())).fresh());
  }

  @Test
  void aStalledRedisTimesOutEveryCallAndOutstandingCallsStayBounded() throws Exception {
    RedisLedger ledger = ledger("fail_closed", 150, 16, 2_000);
    Conditions.await(vertx, "ledger up", () -> ledger.status().up());
    redis.command("CLIENT", "PAUSE", "1500", "WRITE");
    long started = System.nanoTime();
    List<Future<Claim>> claims = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      claims.add(ledger.claim(key(i), receipt()));
    }
    assertTrue(ledger.inFlight() <= 16, "in flight: " + ledger.inFlight());
    Future.join(claims).otherwiseEmpty().await(5, TimeUnit.SECONDS);
    for (Future<Claim> claim : claims) {
      assertTrue(claim.failed(), "no claim succeeds while Redis stalls");
    }
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 1_000, "failed within the deadline");
    Conditions.await(vertx, "outstanding calls drained after the stall", () -> ledger.inFlight() == 0);
    assertTrue(await(ledger.claim(key(1_000), receipt())).fresh());
  }

  @Test
  void aClaimWhoseAnswerWasLostDoesNotHoldUpTheRetry() throws Exception {
    LedgerConfig slowProbe = new LedgerConfig(LedgerConfig.Type.REDIS, 1_000, 400, new LedgerConfig.Redis(redis.url(),
        LedgerConfig.Mode.STANDALONE, PREFIX, LedgerConfig.OnUnavailable.FAIL_CLOSED, 100, 256, 4, 10_000, 60_000, 2_000));
    RedisLedger ledger = RedisLedger.create(vertx, slowProbe, clock);
    ledgers.add(ledger);
    Conditions.await(vertx, "ledger up", () -> ledger.status().up());
    redis.command("CLIENT", "PAUSE", "400", "WRITE");
    Receipt lost = receipt();
    assertThrows(CompletionException.class,
        () -> ledger.claim(key(1), lost).toCompletionStage().toCompletableFuture().join());
    // The SET ran when the pause ended, after the gateway had answered 503: a pending key nobody will commit.
    while (redis.command("GET", rawKey(key(1))).equals("nil")) {
      vertx.timer(10).await(5, TimeUnit.SECONDS);
    }
    assertEquals(lost + "~", redis.command("GET", rawKey(key(1))));
    Receipt retry = receipt();
    Claim claim = await(ledger.claim(key(1), retry));
    assertTrue(claim.fresh(), "the retry is accepted at once, not after the pending expiry");
    assertEquals(retry + "~", redis.command("GET", rawKey(key(1))));
  }

  @Test
  void failOpenAcceptsWithoutRedisCountsItAndWritesTheKeyBackWhenRedisReturns() throws Exception {
    // a notices Redis is back at its next probe, a second apart: b's claim after the restart comes first.
    LedgerConfig.Redis fast = config(redis.url(), "fail_open", 200, 256, 2_000).redis();
    RedisLedger a = RedisLedger.create(vertx, new LedgerConfig(LedgerConfig.Type.REDIS, 1_000, 400,
        new LedgerConfig.Redis(fast.url(), fast.mode(), fast.keyPrefix(), fast.onUnavailable(), fast.timeoutMs(),
            fast.maxInFlight(), fast.poolSize(), fast.nearCacheKeys(), 1_000, fast.pendingWaitMs())), clock);
    ledgers.add(a);
    RedisLedger b = ledger();
    Conditions.await(vertx, "ledger up", () -> a.status().up());
    redis.stop();

    Receipt mine = receipt();
    Claim claim = await(a.claim(key(1), mine));
    assertTrue(claim.fresh(), "fail_open: accepted without Redis");
    await(a.commit(key(1), mine));
    Receipt other = receipt();
    assertTrue(await(a.claim(key(2), other)).fresh());
    await(a.commit(key(2), other));
    assertEquals(2, a.status().failOpenAccepts());
    assertEquals(2, a.status().unsyncedKeys());
    assertTrue(a.status().ready(), "fail_open: still ready");
    assertFalse(await(a.claim(key(1), receipt())).fresh(), "a repeat to the same gateway is still a duplicate");

    redis.start(); // empty: another gateway takes key 2 before the write-back
    Receipt theirs = receipt();
    assertTrue(await(b.claim(key(2), theirs)).fresh());
    await(b.commit(key(2), theirs));
    Conditions.await(vertx, "keys written back", () -> a.status().unsyncedKeys() == 0);
    assertEquals(mine.toString(), redis.command("GET", rawKey(key(1))));
    assertEquals(theirs.toString(), redis.command("GET", rawKey(key(2))), "the first holder keeps its key");
    assertEquals(1, a.status().conflicts(), "key 2 was accepted twice");
  }

  @Test
  void nearCacheAnswersRepeatsWithoutAskingRedis() throws Exception {
    RedisLedger a = ledger();
    RedisLedger b = ledger();
    Receipt first = receipt();
    await(a.claim(key(1), first));
    await(a.commit(key(1), first));
    await(b.claim(key(1), receipt()));
    long misses = b.status().nearCacheMisses();
    for (int i = 0; i < 10; i++) {
      assertEquals(first, await(b.claim(key(1), receipt())).receipt());
      assertEquals(first, await(a.claim(key(1), receipt())).receipt());
    }
    assertEquals(misses, b.status().nearCacheMisses(), "repeats are hits");
    assertEquals(20, a.status().nearCacheHits() + b.status().nearCacheHits());
    assertNull(a.status().problem());
  }
}
