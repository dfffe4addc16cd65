package io.ctvgateway;

import io.ctvgateway.config.GatewayConfig;
import io.ctvgateway.config.LedgerConfig;
import io.ctvgateway.dedupe.CompactLedger;
import io.ctvgateway.dedupe.DurableLedger;
import io.ctvgateway.dedupe.LedgerKey;
import io.ctvgateway.dedupe.Receipt;
import io.ctvgateway.dedupe.RedisLedger;
import io.ctvgateway.install.KeyRecovery;
import io.ctvgateway.journal.Journal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar ctv-gateway.jar ledger copy-to-redis [--config PATH]}: moving from the embedded ledger to
 * Redis without forgetting the devices installed so far. With the gateway stopped (it takes the data_dir lock),
 * it reads the local key log and the keys of the journal's undelivered installs, exactly as a start would, and
 * writes every unexpired key into the Redis the config names ({@code ledger.type: redis}), with what is left of
 * its expiry. A key Redis already holds for another install is left as it is (that device is installed there).
 * Exit 0 when every key was written or already there, 1 when Redis failed (run it again: it is idempotent),
 * 2 when the config is not a Redis one or the data_dir is in use.
 */
final class LedgerCopy {
  private static final int IN_FLIGHT = 512;

  private LedgerCopy() {}

  /**
   * The shortest deadline a copy's Redis calls get. {@code ledger.redis.timeout_ms} (250 ms by default) bounds how
   * long a TV waits for a claim; a copy is an offline job whose first call also opens the connection (a TLS
   * handshake to a managed Redis, a cold JVM): with 250 ms it failed now and then on a loaded machine.
   */
  static final long OFFLINE_TIMEOUT_MS = 10_000;

  /** {@code ledger} with the copy's deadline ({@link #OFFLINE_TIMEOUT_MS} at least). */
  static LedgerConfig offline(LedgerConfig ledger) {
    return ledger.withRedis(ledger.redis().withTimeoutMs(Math.max(OFFLINE_TIMEOUT_MS, ledger.redis().timeoutMs())));
  }

  static int run(GatewayConfig config, PrintStream out, PrintStream err) {
    if (config.ledger().type() != LedgerConfig.Type.REDIS) {
      err.println("ledger copy-to-redis: the config's ledger.type is not redis: give it the config the gateway"
          + " will run with after the move (ledger.type redis, ledger.redis.url), with the same data_dir");
      return 2;
    }
    Clock clock = Clock.systemUTC();
    Map<LedgerKey, Receipt> keys = new LinkedHashMap<>();
    try (DataDirLock lock = DataDirLock.acquire(config.dataDir());
        Journal keyLog = Journal.open(config.journal().options(config.dataDir().resolve("ledger")));
        Journal journal = Journal.open(config.journal().installJournalOptions(config.dataDir().resolve("journal")))) {
      // The same load as a start: the key log, then the keys of installs accepted and not yet settled.
      DurableLedger local = DurableLedger.open(CompactLedger.create(config.ledger(), clock), keyLog);
      KeyRecovery.run(journal, local);
      local.forEachKey(keys::put);
      local.close();
    } catch (DataDirLock.HeldException e) {
      err.println("ledger copy-to-redis: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      err.println("ledger copy-to-redis: cannot read " + config.dataDir() + ": " + e);
      return 1;
    }
    Vertx vertx = Vertx.vertx();
    try {
      RedisLedger redis = RedisLedger.create(vertx, offline(config.ledger()), clock);
      long written = 0;
      long skipped = 0;
      List<Map.Entry<LedgerKey, Receipt>> all = new ArrayList<>(keys.entrySet());
      for (int from = 0; from < all.size(); from += IN_FLIGHT) {
        List<Future<Boolean>> batch = new ArrayList<>();
        for (Map.Entry<LedgerKey, Receipt> entry : all.subList(from, Math.min(all.size(), from + IN_FLIGHT))) {
          batch.add(redis.copy(entry.getKey(), entry.getValue()));
        }
        Future.all(batch).await(60, TimeUnit.SECONDS);
        for (Future<Boolean> done : batch) {
          if (done.result()) {
            written++;
          } else {
            skipped++;
          }
        }
      }
      out.println("ledger copy-to-redis: keys=" + all.size() + " written=" + written
          + " skipped=" + skipped + " (expired, or held in Redis for another install)");
      redis.shutdown().await(10, TimeUnit.SECONDS);
      return 0;
    } catch (Exception e) {
      err.println("ledger copy-to-redis: Redis failed: " + e + "; nothing is lost, run it again");
      return 1;
    } finally {
      try {
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        err.println("ledger copy-to-redis: closing: " + e);
      }
    }
  }
}
