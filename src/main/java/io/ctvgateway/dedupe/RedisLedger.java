package io.ctvgateway.dedupe;

import com.github.benmanes.caffeine.cache.Ticker;
import io.ctvgateway.config.LedgerConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger several gateways share: one Redis (or Redis Cluster), with a near cache of keys known to be
 * taken in front. See {@link RedisCommands} for the keys, values and commands.
 *
 * <p>Design note: the life of a key. {@link #claim} is one {@code SET NX GET}: we take the key as pending (a
 * 30 s expiry), or learn who holds it. {@link #commit}, once the install is in the journal, rewrites it as
 * committed with the full expiry ({@code expire_after_days} from the receipt). {@link #release}, when the
 * journal append failed, deletes it only if it is still ours. So a gateway that dies between claim and
 * journal leaves a pending key that expires by itself, and no gateway answers "duplicate" for an install
 * nobody kept: a claim that finds another gateway's pending key waits (up to {@code pending_wait_ms}) for it
 * to be committed, answers "duplicate" then, claims again if it vanished, or gives up with 503.
 *
 * <p>When Redis does not answer (down, slow past {@code timeout_ms}, saturated): {@code fail_closed} fails the
 * claim (ingest answers 503 and stores nothing), except for keys the near cache knows (still "duplicate");
 * {@code fail_open} accepts the install and counts it ({@code failOpenAccepts}: each may be a duplicate of an
 * install another gateway took). A committed key that could not be written to Redis is kept in memory
 * (bounded) and written when Redis answers again (a key found held by another receipt then is a
 * {@code conflict}: it was forwarded twice). A claim refused because its answer was lost (it may have been
 * made) is released the same way, so the client's retry is not held up by our own pending key. The client
 * reconnects by itself; a probe every {@code health_interval_ms} drives readiness and this catching up.
 */
public final class RedisLedger implements InstallLedger {
  private static final Logger LOG = LoggerFactory.getLogger(RedisLedger.class);
  static final long PENDING_TTL_MS = 30_000;
  private static final int MAX_UNSYNCED = 1_000_000;
  private static final int WRITE_BACK_BATCH = 256;
  /** A connection with a call outstanding and nothing read for this long is closed (a silent network). */
  private static final int READ_IDLE_SECONDS = 30;

  private final Vertx vertx;
  private final Redis redis;
  private final RedisCalls calls;
  private final RedisCommands commands;
  private final NearCache near;
  private final boolean failOpen;
  private final long pendingWaitNanos;
  private final ConcurrentMap<LedgerKey, Receipt> unsynced = new ConcurrentHashMap<>();
  private final ConcurrentMap<LedgerKey, Receipt> uncertain = new ConcurrentHashMap<>();
  private final LongAdder failOpenAccepts = new LongAdder();
  private final LongAdder conflicts = new LongAdder();
  private final AtomicBoolean probing = new AtomicBoolean();
  private final AtomicBoolean catchingUp = new AtomicBoolean();
  private final AtomicBoolean subscribing = new AtomicBoolean();
  private final String forgetChannel;
  private volatile String unsupported;
  private final long probeTimer;

  private RedisLedger(Vertx vertx, Redis redis, LedgerConfig config, Clock clock, Ticker ticker) {
    LedgerConfig.Redis settings = config.redis();
    this.vertx = vertx;
    this.redis = redis;
    this.calls = new RedisCalls(redis, settings.timeoutMs(), settings.maxInFlight());
    this.commands = new RedisCommands(settings.keyPrefix());
    this.near = new NearCache(settings.nearCacheKeys(), Duration.ofDays(config.expireAfterDays()).toMillis(), clock,
        ticker);
    this.failOpen = settings.failOpen();
    this.pendingWaitNanos = TimeUnit.MILLISECONDS.toNanos(settings.pendingWaitMs());
    this.forgetChannel = settings.keyPrefix() + "forget";
    this.probeTimer = vertx.setPeriodic(1, settings.healthIntervalMs(), id -> probe());
  }

  /** Creates the client (it connects on first use, so this starts even while Redis is down) and the probe. */
  public static RedisLedger create(Vertx vertx, LedgerConfig config, Clock clock) {
    return create(vertx, config, clock, Ticker.systemTicker());
  }

  static RedisLedger create(Vertx vertx, LedgerConfig config, Clock clock, Ticker ticker) {
    LedgerConfig.Redis settings = config.redis();
    RedisOptions options = new RedisOptions()
        .setType(settings.cluster() ? RedisClientType.CLUSTER : RedisClientType.STANDALONE)
        .setEndpoints(settings.endpoints())
        .setMaxPoolSize(settings.poolSize())
        .setMaxPoolWaiting(settings.maxInFlight())
        .setMaxWaitingHandlers(settings.maxInFlight());
    options.getNetClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.timeoutMs()))
        .setTcpKeepAlive(true)
        .setTcpNoDelay(true)
        .setReadIdleTimeout(READ_IDLE_SECONDS)
        .setIdleTimeoutUnit(TimeUnit.SECONDS);
    LOG.info("event=ledger_redis url={} mode={} key_prefix={} on_unavailable={} timeout_ms={} near_cache_keys={}",
        settings.redactedUrl(), settings.mode().name().toLowerCase(java.util.Locale.ROOT), settings.keyPrefix(),
        settings.onUnavailable().name().toLowerCase(java.util.Locale.ROOT), settings.timeoutMs(),
        settings.nearCacheKeys());
    return new RedisLedger(vertx, Redis.createClient(vertx, options), config, clock, ticker);
  }

  @Override
  public Future<Claim> claim(LedgerKey key, Receipt receipt) {
    Receipt known = near.get(key);
    if (known != null) {
      return Future.succeededFuture(new Claim(false, known));
    }
    return attempt(key, receipt, System.nanoTime() + pendingWaitNanos);
  }

  private Future<Claim> attempt(LedgerKey key, Receipt receipt, long deadline) {
    return calls.send(commands.claim(key, receipt, PENDING_TTL_MS)).transform((answer, failure) -> {
      if (failure != null) {
        return withoutRedis(key, receipt, failure);
      }
      return answer == null
          ? Future.succeededFuture(new Claim(true, receipt))
          : held(key, receipt, RedisCommands.holder(answer), deadline, 2);
    });
  }

  /** The key is taken: by a committed install (a duplicate), or by a claim in progress (wait for it). */
  private Future<Claim> held(LedgerKey key, Receipt receipt, RedisCommands.Holder holder, long deadline, long delayMs) {
    if (!holder.pending()) {
      near.put(key, holder.receipt());
      return Future.succeededFuture(new Claim(false, holder.receipt()));
    }
    if (uncertain.remove(key, holder.receipt())) {
      // Our own earlier claim whose answer was lost (that install was refused): give it back, claim again.
      return calls.send(commands.release(key, holder.receipt())).compose(released -> attempt(key, receipt, deadline));
    }
    if (System.nanoTime() - deadline >= 0) {
      return Future.failedFuture(new LedgerUnavailableException("claim_in_progress",
          "another gateway's claim of this key was not committed within pending_wait_ms"));
    }
    return vertx.timer(delayMs, TimeUnit.MILLISECONDS)
        .compose(fired -> calls.send(commands.get(key)))
        .transform((answer, failure) -> {
          if (failure != null) {
            return withoutRedis(key, receipt, failure);
          }
          return answer == null
              ? attempt(key, receipt, deadline)
              : held(key, receipt, RedisCommands.holder(answer), deadline, Math.min(delayMs * 2, 50));
        });
  }

  /**
   * Redis did not answer. A claim that was sent may still have been made (the reply lost, or the command run
   * after the deadline): when failing closed, its install is refused, so the claim is noted to be released
   * once Redis answers again, rather than left pending for {@link #PENDING_TTL_MS}.
   */
  private Future<Claim> withoutRedis(LedgerKey key, Receipt receipt, Throwable failure) {
    if (!failOpen) {
      boolean sent = !(failure instanceof LedgerUnavailableException);
      if (sent && uncertain.size() < MAX_UNSYNCED) {
        uncertain.put(key, receipt);
      }
      return Future.failedFuture(failure);
    }
    failOpenAccepts.increment();
    return Future.succeededFuture(new Claim(true, receipt));
  }

  @Override
  public Future<Void> release(LedgerKey key, Receipt receipt) {
    // If Redis does not answer, the pending claim expires by itself within PENDING_TTL_MS.
    return calls.send(commands.release(key, receipt)).mapEmpty();
  }

  /**
   * Deletes the key in Redis and in this gateway's near cache, then publishes it on the forget channel, on
   * which every gateway of the deployment drops it from its own near cache.
   */
  @Override
  public Future<Boolean> forget(LedgerKey key) {
    near.remove(key);
    unsynced.remove(key);
    return calls.send(commands.forget(key))
        .compose(deleted -> calls.send(Request.cmd(Command.PUBLISH).arg(forgetChannel).arg(key.hex()))
            .map(published -> deleted != null && deleted.toLong() > 0));
  }

  /**
   * Subscribes (once, again after a lost connection) to the forget channel: a key another gateway forgot leaves
   * this gateway's near cache, or this gateway would answer "duplicate" for a forgotten device.
   */
  private void subscribe() {
    if (!subscribing.compareAndSet(false, true)) {
      return;
    }
    redis.connect().onSuccess(connection -> {
      connection.handler(message -> {
        if (message != null && message.size() == 3 && "message".equals(String.valueOf(message.get(0)))) {
          try {
            near.remove(LedgerKey.parse(message.get(2).toString()));
          } catch (IllegalArgumentException e) {
            LOG.warn("event=ledger_forget_message_unreadable");
          }
        }
      });
      connection.exceptionHandler(e -> subscribing.set(false));
      connection.endHandler(v -> subscribing.set(false));
      connection.send(Request.cmd(Command.SUBSCRIBE).arg(forgetChannel))
          .onFailure(e -> {
            subscribing.set(false);
            connection.close();
          });
    }).onFailure(e -> subscribing.set(false));
  }

  /**
   * Marks the key committed, with the full expiry. If Redis does not answer, the key is kept to be written
   * when it does (the install is durable: the commit is not lost, only late); fails only when that backlog is
   * full.
   */
  @Override
  public Future<Void> commit(LedgerKey key, Receipt receipt) {
    if (near.remainingMillis(receipt) <= 0) {
      return Future.succeededFuture();
    }
    near.put(key, receipt);
    return write(key, receipt).recover(failure -> {
      if (unsynced.size() >= MAX_UNSYNCED) {
        return Future.failedFuture(failure);
      }
      unsynced.put(key, receipt);
      return Future.succeededFuture();
    });
  }

  /**
   * Writes a committed key from elsewhere (the local key log, when moving to Redis) with what is left of its
   * expiry; unlike {@link #commit} a Redis failure fails the future rather than being kept for later.
   *
   * @return true when written, false when the key had expired or Redis holds it for another receipt
   */
  public Future<Boolean> copy(LedgerKey key, Receipt receipt) {
    long remaining = near.remainingMillis(receipt);
    if (remaining <= 0) {
      return Future.succeededFuture(false);
    }
    return calls.send(commands.commit(key, receipt, remaining)).map(answer -> answer == null || answer.toLong() != 0);
  }

  private Future<Void> write(LedgerKey key, Receipt receipt) {
    return calls.send(commands.commit(key, receipt, Math.max(1, near.remainingMillis(receipt)))).map(answer -> {
      if (answer != null && answer.toLong() == 0) {
        conflicts.increment();
        LOG.warn("event=ledger_conflict key={} receipt={}", key.hex().substring(0, 12), receipt);
      }
      return null;
    });
  }

  private void probe() {
    if (!probing.compareAndSet(false, true)) {
      return;
    }
    calls.send(RedisCommands.serverInfo())
        .andThen(ar -> probing.set(false))
        .onSuccess(info -> {
          checkVersion(info);
          subscribe();
          catchUp();
        });
  }

  /** {@code SET NX GET} needs Redis 7.0: an older one is reported as a problem rather than a 503 per call. */
  private void checkVersion(Response info) {
    String version = RedisCommands.version(info);
    if (version == null) {
      return;
    }
    int major = Integer.parseInt(version.split("\\.")[0]);
    String now = major >= 7 ? null : "redis_version_" + version + "_below_7.0";
    if (now != null && unsupported == null) {
      LOG.error("event=ledger_redis_unsupported version={} needs=7.0", version);
    }
    unsupported = now;
  }

  /**
   * Once Redis answers again: writes the committed keys it missed, and releases the claims whose answer was
   * lost; a batch at a time, until both are empty or a call fails (the next probe resumes).
   */
  private void catchUp() {
    if ((unsynced.isEmpty() && uncertain.isEmpty()) || !catchingUp.compareAndSet(false, true)) {
      return;
    }
    List<Future<Void>> batch = new ArrayList<>();
    unsynced.entrySet().stream().limit(WRITE_BACK_BATCH).map(e -> Map.entry(e.getKey(), e.getValue())).toList()
        .forEach(e -> batch.add(write(e.getKey(), e.getValue())
            .onSuccess(written -> unsynced.remove(e.getKey(), e.getValue()))));
    uncertain.entrySet().stream().limit(WRITE_BACK_BATCH).map(e -> Map.entry(e.getKey(), e.getValue())).toList()
        .forEach(e -> batch.add(release(e.getKey(), e.getValue())
            .onSuccess(released -> uncertain.remove(e.getKey(), e.getValue()))));
    Future.join(batch).onComplete(ar -> {
      catchingUp.set(false);
      if (ar.failed()) {
        return;
      }
      if (unsynced.isEmpty() && uncertain.isEmpty()) {
        LOG.info("event=ledger_caught_up conflicts={}", conflicts.sum());
      } else {
        catchUp();
      }
    });
  }

  @Override
  public long size() {
    return near.size();
  }

  @Override
  public LedgerStatus status() {
    String problem = unsupported != null ? unsupported : calls.problem();
    return new LedgerStatus("redis", problem == null, problem, failOpen, near.size(), failOpenAccepts.sum(),
        conflicts.sum(), unsynced.size(), calls.errors(), near.hits(), near.misses(), 0);
  }

  /** Redis calls outstanding (tests: an outage must not pile them up). */
  int inFlight() {
    return calls.inFlight();
  }

  @Override
  public Future<Void> shutdown() {
    return close();
  }

  /** Stops the probe and closes the connections. */
  public Future<Void> close() {
    vertx.cancelTimer(probeTimer);
    if (!unsynced.isEmpty()) {
      LOG.warn("event=ledger_unsynced_at_stop keys={}", unsynced.size());
    }
    return redis.close();
  }
}
