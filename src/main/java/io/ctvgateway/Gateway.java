package io.ctvgateway;

import io.ctvgateway.admin.AdminRoutes;
import io.ctvgateway.admin.AdminVerticle;
import io.ctvgateway.config.GatewayConfig;
import io.ctvgateway.config.JournalConfig;
import io.ctvgateway.dedupe.CompactLedger;
import io.ctvgateway.dedupe.DurableLedger;
import io.ctvgateway.dedupe.LedgerKey;
import io.ctvgateway.dedupe.Receipt;
import io.ctvgateway.dedupe.InstallLedger;
import io.ctvgateway.dedupe.RedisLedger;
import io.ctvgateway.delivery.DeadLetters;
import io.ctvgateway.delivery.Delivery;
import io.ctvgateway.delivery.DeliveryStats;
import io.ctvgateway.ingest.Backpressure;
import io.ctvgateway.ingest.IngestRoutes;
import io.ctvgateway.ingest.IngestStats;
import io.ctvgateway.ingest.IngestVerticle;
import io.ctvgateway.ingest.Intake;
import io.ctvgateway.journal.FsyncMode;
import io.ctvgateway.journal.Journal;
import io.ctvgateway.journal.JournalOptions;
import io.ctvgateway.kochava.UpstreamRequest;
import io.ctvgateway.profile.ProfileReloader;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole gateway in one process: profiles, journal, dead letters, ledger, delivery and the ingest
 * servers, started in dependency order and stopped in reverse. Tests start it exactly as {@link Main} does.
 */
public final class Gateway {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  private final Vertx vertx;
  private final GatewayConfig config;
  private final Journal journal;
  private final Journal deadLetterStore;
  private final InstallLedger ledger;
  private final DeadLetters deadLetters;
  private final Backpressure backpressure;
  private final DeliveryStats deliveryStats = new DeliveryStats();
  private final IngestStats ingestStats = new IngestStats();
  private AdminVerticle admin;
  private String adminId;
  private final List<IngestVerticle> servers = new CopyOnWriteArrayList<>();
  private Delivery delivery;
  private String deliveryId;
  private String ingestId;
  private long diskTimer = -1;
  private ProfileReloader profiles;

  private Gateway(Vertx vertx, GatewayConfig config, Journal journal, Journal deadLetterStore, InstallLedger ledger) {
    this.vertx = vertx;
    this.config = config;
    this.journal = journal;
    this.deadLetterStore = deadLetterStore;
    this.ledger = ledger;
    this.deadLetters = new DeadLetters(deadLetterStore, journal);
    this.backpressure = new Backpressure(journal, config.journal());
  }

  /** Loads profiles and recovers the journal off the event loop, then deploys delivery and ingest. */
  public static Future<Gateway> start(Vertx vertx, GatewayConfig config, Clock clock) {
    return vertx.executeBlocking(() -> {
          ProfileReloader profiles = ProfileReloader.load(config.profilesDir(), Duration.ofMillis(config.profilesReloadMs()));
          Files.createDirectories(config.dataDir());
          Journal journal = Journal.open(options(config.dataDir().resolve("journal"), config.journal()));
          Journal deadLetters = Journal.open(options(config.dataDir().resolve("dead-letters"), config.journal()));
          InstallLedger ledger = config.ledger().type().equals("redis")
              ? RedisLedger.create(vertx, config.ledger(), clock)
              : DurableLedger.open(
                  CompactLedger.create(config.ledger(), clock),
                  Journal.open(options(config.dataDir().resolve("ledger"), config.journal())));
          if (!config.ledger().type().equals("redis")) {
            recoverKeys(journal, ledger);
          }
          LOG.info("event=profiles_loaded dir={} profiles={}", config.profilesDir(), profiles.get().ids());
          return new Opened(new Gateway(vertx, config, journal, deadLetters, ledger), profiles);
        })
        .compose(opened -> opened.gateway().deploy(opened.profiles(), clock));
  }

  /**
   * Blocking, at start: installs accepted before the restart and not delivered yet have their keys only in
   * their journal records (the embedded ledger writes a key to its key log when its install settles).
   */
  private static void recoverKeys(Journal journal, InstallLedger ledger) throws IOException {
    long started = System.nanoTime();
    long[] recovered = {0, 0};
    journal.forEachUnsettled(record -> {
      try {
        UpstreamRequest.Keys keys = UpstreamRequest.keysOf(record.payload());
        if (keys.ledgerKey() != null) {
          ledger.recover(LedgerKey.parse(keys.ledgerKey()), Receipt.parse(keys.receipt()));
          recovered[0]++;
        }
      } catch (IllegalArgumentException e) {
        recovered[1]++; // delivery dead-letters it as unreadable
      }
    });
    LOG.info("event=ledger_keys_recovered from=journal keys={} unreadable={} took_ms={}", recovered[0], recovered[1],
        (System.nanoTime() - started) / 1_000_000);
  }

  /** What start-up opened off the event loop, handed to {@link #deploy}. */
  private record Opened(Gateway gateway, ProfileReloader profiles) {
  }

  static JournalOptions options(Path dir, JournalConfig journal) {
    return new JournalOptions(dir, FsyncMode.valueOf(journal.fsync().toUpperCase(Locale.ROOT)),
        Duration.ofNanos(journal.batchWindowMicros() * 1_000), journal.maxBatchRecords(), journal.segmentBytes(),
        Duration.ofMillis(journal.checkpointIntervalMs()));
  }

  private Future<Gateway> deploy(ProfileReloader profiles, Clock clock) {
    this.profiles = profiles.start();
    Intake intake = new Intake(ledger, journal, backpressure);
    IngestRoutes.Deps deps = new IngestRoutes.Deps(profiles, intake, config.http(), config.kochava(), clock,
        ingestStats);
    admin = new AdminVerticle(new AdminRoutes.Deps(config.admin(), journal, backpressure, ingestStats, deliveryStats,
        deadLetters, ledger::status, profiles, config.kochava(), clock));
    delivery = new Delivery(journal, ledger, deadLetters, config.upstream(), config.delivery(), config.kochava(), clock,
        deliveryStats);
    sampleDisk();
    diskTimer = vertx.setPeriodic(1_000, id -> sampleDisk());
    return vertx.deployVerticle(delivery)
        .compose(id -> {
          deliveryId = id;
          return vertx.deployVerticle(() -> {
            IngestVerticle server = new IngestVerticle(deps);
            servers.add(server);
            return server;
          }, new DeploymentOptions().setInstances(config.http().effectiveInstances()));
        })
        .compose(id -> {
          ingestId = id;
          return vertx.deployVerticle(admin);
        })
        .map(id -> {
          adminId = id;
          return this;
        })
        .recover(failure -> stop().transform(ignored -> Future.failedFuture(failure)));
  }

  /** Free space is a syscall on the volume: sampled on a worker, never on the event loop. */
  private void sampleDisk() {
    vertx.executeBlocking(() -> Files.getFileStore(config.dataDir()).getUsableSpace(), false)
        .onSuccess(backpressure::freeDiskBytes)
        .onFailure(e -> LOG.warn("event=disk_sample_failed cause={}", e.toString()));
  }

  /** The TV-facing port (the actual one when configured as 0). */
  public int httpPort() {
    return servers.get(0).port();
  }

  /** The admin port (the actual one when configured as 0). */
  public int adminPort() {
    return admin.port();
  }

  /** Why installs are refused right now ({@code backlog_full}, {@code disk_low}, {@code shutting_down}), or null. */
  public String refusal() {
    return backpressure.refusal();
  }

  public IngestStats ingestStats() {
    return ingestStats;
  }

  public DeliveryStats deliveryStats() {
    return deliveryStats;
  }

  public DeadLetters deadLetters() {
    return deadLetters;
  }

  public Journal journal() {
    return journal;
  }

  /**
   * Graceful stop: refuse new installs (503), let the servers finish requests in flight, let delivery finish
   * its calls in flight (within the grace), then close the journals (queued appends are written and fsynced,
   * a final checkpoint is taken). Undelivered records stay on disk for the next start.
   */
  public Future<Void> stop() {
    backpressure.close();
    if (profiles != null) {
      profiles.close();
    }
    if (diskTimer >= 0) {
      vertx.cancelTimer(diskTimer);
    }
    Future<Void> servers = ingestId == null ? Future.succeededFuture() : vertx.undeploy(ingestId);
    return servers
        .compose(v -> delivery == null ? Future.<Void>succeededFuture() : delivery.drain(config.http().shutdownGraceMs()))
        .compose(v -> deliveryId == null ? Future.<Void>succeededFuture() : vertx.undeploy(deliveryId))
        .eventually(() -> adminId == null ? Future.succeededFuture() : vertx.undeploy(adminId))
        .eventually(() -> ledger.shutdown()
            .onFailure(e -> LOG.error("event=ledger_shutdown_failed cause={}", e.toString())))
        .eventually(() -> vertx.executeBlocking(() -> {
          closeQuietly(journal);
          closeQuietly(deadLetterStore);
          return null;
        }))
        .mapEmpty();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.error("event=journal_close_failed cause={}", e.toString());
    }
  }
}
