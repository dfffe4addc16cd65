package io.ctvgateway.dedupe;

import com.github.benmanes.caffeine.cache.Ticker;
import io.ctvgateway.config.LedgerConfig;
import io.ctvgateway.profile.InstallKey;
import io.ctvgateway.testing.RedisServer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * Claims per second of the Redis ledger against a local redis-server (started by the benchmark on a free
 * port), beside baselines from the same run: raw {@code SET NX} pipelined on one connection of the same client,
 * raw {@code SET NX} through the client's pool (the ledger's path without the ledger), and the embedded memory
 * ledger. Then repeats: the near cache's hit rate and rate on the gateway that took the keys and on another
 * one; and what a key costs in Redis ({@code MEMORY USAGE}, and {@code used_memory} growth per key, which also
 * counts the expiry entry and the hash tables). Not a test; run with
 * {@code mvn -q -Pbench -Dbench.main=io.ctvgateway.dedupe.RedisLedgerBenchmark test-compile exec:exec}
 * (optional {@code -Dbench.args="KEYS IN_FLIGHT"}, default 200000 256).
 */
public final class RedisLedgerBenchmark {
  private RedisLedgerBenchmark() {}

  public static void main(String[] args) throws Exception {
    int keys = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int inFlight = args.length > 1 ? Integer.parseInt(args[1]) : 256;
    Clock clock = Clock.systemUTC();
    Path dir = Files.createTempDirectory("redis-bench");
    Vertx vertx = Vertx.vertx();
    try (RedisServer server = RedisServer.start(dir)) {
      LedgerKey[] ledgerKeys = new LedgerKey[keys];
      Receipt[] receipts = new Receipt[keys];
      for (int i = 0; i < keys; i++) {
        ledgerKeys[i] = LedgerKey.of("app", "roku", new InstallKey("rida", "device-" + i));
        receipts[i] = Receipt.next(clock);
      }
      LedgerConfig defaults = new LedgerConfig(keys, 400);
      LedgerConfig.Redis settings = new LedgerConfig.Redis(server.url(), LedgerConfig.Mode.STANDALONE, "ctvgw:",
          LedgerConfig.OnUnavailable.FAIL_CLOSED, 5_000,
          Math.max(1_024, inFlight), 16, 1_000_000, 1_000, 2_000);
      LedgerConfig config = new LedgerConfig(LedgerConfig.Type.REDIS, keys, 400, settings);
      RedisCommands commands = new RedisCommands("bench:");

      // Baseline 0: the embedded memory ledger (no network).
      CaffeineLedger memory = CaffeineLedger.create(defaults, clock, Ticker.systemTicker());
      double memoryRate = rate(vertx, keys, inFlight, i -> memory.claim(ledgerKeys[i], receipts[i]));

      // Baseline 1: raw SET NX pipelined on one connection (no pool lease per command).
      Redis raw = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.url())
          .setMaxWaitingHandlers(Math.max(2_048, inFlight * 2)));
      RedisConnection connection = raw.connect().await(10, TimeUnit.SECONDS);
      double pipelined = rate(vertx, keys, inFlight,
          i -> connection.send(commands.claim(ledgerKeys[i], receipts[i], 30_000)));
      connection.close().await(10, TimeUnit.SECONDS);
      server.command("FLUSHALL");

      // Baseline 2: raw SET NX through the pool, as many connections as the ledger's pool.
      Redis pooled = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.url())
          .setMaxPoolSize(settings.poolSize()).setMaxPoolWaiting(settings.maxInFlight()));
      double pooledRate = rate(vertx, keys, inFlight,
          i -> pooled.send(commands.claim(ledgerKeys[i], receipts[i], 30_000)));
      pooled.close().await(10, TimeUnit.SECONDS);
      raw.close().await(10, TimeUnit.SECONDS);
      server.command("FLUSHALL");

      // The ledger: claim then commit of new keys (what an accepted install costs), then repeats.
      long memoryBefore = usedMemory(server);
      RedisLedger gateway = RedisLedger.create(vertx, config, clock);
      RedisLedger other = RedisLedger.create(vertx, config, clock);
      double claimRate = rate(vertx, keys, inFlight, i -> gateway.claim(ledgerKeys[i], receipts[i]));
      double commitRate = rate(vertx, keys, inFlight, i -> gateway.commit(ledgerKeys[i], receipts[i]));
      long bytesPerKey = (usedMemory(server) - memoryBefore) / keys;
      String usage = server.command("MEMORY", "USAGE", new RedisCommands("ctvgw:").key(ledgerKeys[0]).getBytes());

      LedgerStatus before = gateway.status();
      double repeatSame = rate(vertx, keys, inFlight, i -> gateway.claim(ledgerKeys[i], Receipt.next(clock)));
      LedgerStatus after = gateway.status();
      double hitSame = hitRate(before, after);
      LedgerStatus otherBefore = other.status();
      double repeatOtherCold = rate(vertx, keys, inFlight, i -> other.claim(ledgerKeys[i], Receipt.next(clock)));
      double repeatOtherWarm = rate(vertx, keys, inFlight, i -> other.claim(ledgerKeys[i], Receipt.next(clock)));
      double hitOther = hitRate(otherBefore, other.status());
      gateway.close().await(10, TimeUnit.SECONDS);
      other.close().await(10, TimeUnit.SECONDS);

      System.out.printf("%nredis ledger: %,d keys, %d in flight, pool %d, %d cores, %s, redis %s%n", keys, inFlight,
          settings.poolSize(), Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
          server.command("INFO", "server").lines().filter(l -> l.startsWith("redis_version:")).findFirst()
              .orElse("?").substring("redis_version:".length()));
      System.out.printf("%-58s %12s%n", "figure", "per second");
      row("baseline: memory ledger claim (no network)", memoryRate);
      row("baseline: raw SET NX GET, pipelined on one connection", pipelined);
      row("baseline: raw SET NX GET through the pool", pooledRate);
      row("redis ledger: claim, new keys (SET NX GET)", claimRate);
      row("redis ledger: commit (EVAL compare-and-set)", commitRate);
      row("redis ledger: repeats, same gateway (near cache)", repeatSame);
      row("redis ledger: repeats, other gateway, first pass (Redis)", repeatOtherCold);
      row("redis ledger: repeats, other gateway, second pass", repeatOtherWarm);
      System.out.printf("claim / pipelined baseline: %.2f; claim / pooled baseline: %.2f%n", claimRate / pipelined,
          claimRate / pooledRate);
      System.out.printf("near cache hit rate for repeats: same gateway %.1f%%, other gateway over two passes %.1f%%%n",
          hitSame * 100, hitOther * 100);
      System.out.printf("bytes per committed key in Redis: MEMORY USAGE %s, used_memory growth %d "
          + "(so ~%,d MB per million installs before replicas and fragmentation)%n", usage, bytesPerKey,
          bytesPerKey * 1_000_000 / (1 << 20));
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void row(String figure, double perSecond) {
    System.out.printf("%-58s %,12.0f%n", figure, perSecond);
  }

  private static double hitRate(LedgerStatus before, LedgerStatus after) {
    long hits = after.nearCacheHits() - before.nearCacheHits();
    long misses = after.nearCacheMisses() - before.nearCacheMisses();
    return hits + misses == 0 ? 0 : (double) hits / (hits + misses);
  }

  private static long usedMemory(RedisServer server) throws Exception {
    return server.command("INFO", "memory").lines().filter(l -> l.startsWith("used_memory:"))
        .mapToLong(l -> Long.parseLong(l.substring("used_memory:".length()).trim())).findFirst().orElseThrow();
  }

  /** Runs {@code total} operations, {@code inFlight} at a time, from one event loop; operations per second. */
  private static double rate(Vertx vertx, int total, int inFlight, IntFunction<Future<?>> operation) throws Exception {
    Promise<Void> done = Promise.promise();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger completed = new AtomicInteger();
    long started = System.nanoTime();
    vertx.runOnContext(v -> {
      for (int i = 0; i < Math.min(inFlight, total); i++) {
        launch(operation, total, next, completed, done);
      }
    });
    done.future().await(10, TimeUnit.MINUTES);
    return total / ((System.nanoTime() - started) / 1e9);
  }

  /** Starts the next operation; loops (rather than recursing) over operations that complete at once. */
  private static void launch(IntFunction<Future<?>> operation, int total, AtomicInteger next, AtomicInteger completed,
      Promise<Void> done) {
    while (true) {
      int i = next.getAndIncrement();
      if (i >= total) {
        return;
      }
      Future<?> result = operation.apply(i);
      if (!result.isComplete()) {
        result.onComplete(ar -> {
          if (finished(ar.failed() ? ar.cause() : null, total, completed, done)) {
            launch(operation, total, next, completed, done);
          }
        });
        return;
      }
      if (!finished(result.failed() ? result.cause() : null, total, completed, done)) {
        return;
      }
    }
  }

  /** Counts one completion; false when the run is over (all done, or one failed). */
  private static boolean finished(Throwable failure, int total, AtomicInteger completed, Promise<Void> done) {
    if (failure != null) {
      done.tryFail(failure);
      return false;
    }
    if (completed.incrementAndGet() == total) {
      done.tryComplete();
      return false;
    }
    return true;
  }
}
