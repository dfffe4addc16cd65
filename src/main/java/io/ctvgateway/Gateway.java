package io.ctvgateway;

import io.ctvgateway.admin.AdminRoutes;
import io.ctvgateway.admin.AdminVerticle;
import io.ctvgateway.admin.GatewayMeters;
import io.ctvgateway.metrics.GatewayMetrics;
import io.ctvgateway.install.LiveTail;
import io.ctvgateway.admin.DeviceForgetting;
import io.ctvgateway.config.GatewayConfig;
import io.ctvgateway.config.LedgerConfig;
import io.ctvgateway.config.QueueConfig;
import io.ctvgateway.queue.KafkaDeadLetters;
import io.ctvgateway.queue.KafkaQueue;
import io.ctvgateway.dedupe.CompactLedger;
import io.ctvgateway.dedupe.DurableLedger;
import io.ctvgateway.dedupe.InstallLedger;
import io.ctvgateway.dedupe.KeyHash;
import io.ctvgateway.dedupe.RecoverableLedger;
import io.ctvgateway.dedupe.RedisLedger;
import io.ctvgateway.delivery.DeadLetters;
import io.ctvgateway.delivery.Delivery;
import io.ctvgateway.delivery.DeliveryStats;
import io.ctvgateway.http.ConnectionLimits;
import io.ctvgateway.ingest.EdgeLimits;
import io.ctvgateway.ingest.IngestRoutes;
import io.ctvgateway.ingest.IngestStats;
import io.ctvgateway.ingest.IngestVerticle;
import io.ctvgateway.install.AppAccess;
import io.ctvgateway.install.Backpressure;
import io.ctvgateway.install.Intake;
import io.ctvgateway.install.InstallQueue;
import io.ctvgateway.install.JournalQueue;
import io.ctvgateway.install.RecordStore;
import io.ctvgateway.install.KeyRecovery;
import io.ctvgateway.install.Refusal;
import io.ctvgateway.install.Settlement;
import io.ctvgateway.install.Submission;
import io.ctvgateway.journal.Journal;
import io.ctvgateway.profile.ProfileReloader;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole gateway in one process, the composition root: profiles, journals, ledger, then delivery, the
 * ingest servers and admin, started in dependency order and stopped in reverse. Tests start it exactly as
 * {@link Main} does. A start that fails half-way closes what it had opened.
 */
public final class Gateway {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  private final Vertx vertx;
  private final GatewayConfig config;
  private final Stores stores;
  private final ProfileReloader profiles;
  private final Backpressure backpressure;
  private final DeadLetters deadLetters;
  private final DeliveryStats deliveryStats;
  private final IngestStats ingestStats;
  private final GatewayMetrics metrics;
  private final LiveTail tail = new LiveTail();
  private final Delivery delivery;
  private final AdminVerticle admin;
  private final IngestRoutes.Deps ingest;
  private final List<IngestVerticle> servers = new CopyOnWriteArrayList<>();
  /** Deployment ids in the order they were deployed; undeployed in reverse. */
  private final Deque<String> deployed = new ArrayDeque<>();
  private final long diskTimer;
  private final long expiryTimer;

  /**
   * What start-up opens off the event loop, closed together. {@code journal} and {@code deadLetterJournal} are
   * null with {@code queue.type: kafka}: the queue and the dead letters are then topics.
   */
  private record Stores(DataDirLock lock, InstallQueue queue, RecordStore deadLetters, Journal forgotten,
      InstallLedger ledger, List<AutoCloseable> closeables) {
    /** Blocking. Flushes and closes; each close is tried even if another fails; the data_dir lock goes last. */
    void close() {
      for (AutoCloseable closeable : closeables) {
        closeQuietly(closeable);
      }
      closeQuietly(lock);
    }
  }

  private Gateway(Vertx vertx, GatewayConfig config, Stores stores, ProfileReloader profiles, Clock clock,
      GatewayMetrics metrics) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.deliveryStats = new DeliveryStats(metrics, tail);
    this.ingestStats = new IngestStats(metrics, profiles, tail);
    this.config = config;
    this.stores = stores;
    this.profiles = profiles;
    this.backpressure = new Backpressure(stores.queue(), config.journal());
    this.deadLetters = new DeadLetters(stores.deadLetters(), stores.queue());
    this.delivery = new Delivery(stores.queue(), Settlement.of(stores.queue(), stores.ledger()), deadLetters,
        config.upstream(), config.delivery(), config.kochava(), clock, deliveryStats, config.http().shutdownGraceMs(),
        stores.forgotten());
    AppAccess access = new AppAccess(config.kochava(), config.access());
    KeyHash keys = KeyHash.of(config.ledger().keySecret());
    ConnectionLimits connections = new ConnectionLimits(config.http().effectiveMaxConnections(),
        config.http().maxConnectionsPerAddress());
    GatewayMeters.bindConnections(metrics, connections);
    this.ingest = new IngestRoutes.Deps(profiles, access, new EdgeLimits(config.limits(), ingestStats), connections,
        new Intake(stores.ledger(), stores.queue(), backpressure), config.http(),
        new Submission.Rules(config.kochava(), keys, clock), ingestStats);
    this.admin = new AdminVerticle(new AdminRoutes.Deps(config.admin(), stores.queue(), backpressure, ingestStats,
        deliveryStats, deadLetters, stores.ledger()::status, profiles, profiles::status, access, config.kochava(), keys, clock,
        new DeviceForgetting(stores.ledger(), delivery, deadLetters), metrics, tail));
    GatewayMeters.bind(metrics, admin.deps());
    sampleDisk();
    this.diskTimer = vertx.setPeriodic(1_000, id -> sampleDisk());
    long maxAge = Duration.ofDays(config.deadLetters().maxAgeDays()).toMillis();
    this.expiryTimer = vertx.setPeriodic(1_000, Duration.ofHours(1).toMillis(), id ->
        deadLetters.purgeOlderThan(clock.millis() - maxAge)
            .onFailure(e -> LOG.warn("event=dead_letters_expiry_failed cause={}", e.toString())));
  }

  /** As {@link #start(Vertx, GatewayConfig, Clock, GatewayMetrics)} with a registry of its own (tests). */
  public static Future<Gateway> start(Vertx vertx, GatewayConfig config, Clock clock) {
    return start(vertx, config, clock, GatewayMetrics.detached(config.kochava().apps().keySet()));
  }

  /**
   * Loads profiles and recovers the journals and the ledger off the event loop, then deploys.
   *
   * @param metrics where the gateway's meters go (the one Vert.x reports its HTTP metrics to, in production)
   */
  public static Future<Gateway> start(Vertx vertx, GatewayConfig config, Clock clock, GatewayMetrics metrics) {
    return vertx.executeBlocking(() -> {
          // First: a second process on this directory must not touch a journal the first one is writing.
          DataDirLock lock = DataDirLock.acquire(config.dataDir());
          ProfileReloader profiles;
          try {
            profiles = ProfileReloader.load(config.profilesDir(), Duration.ofMillis(config.profilesReloadMs()),
                config.dataDir().resolve("profiles-last-valid.json"));
          } catch (Exception | Error e) {
            closeQuietly(lock);
            throw e;
          }
          LOG.info("event=profiles_loaded dir={} profiles={} degraded={}", config.profilesDir(), profiles.get().ids(),
              profiles.status().degraded());
          return new Gateway(vertx, config, open(vertx, config, clock, lock), profiles.start(), clock, metrics);
        })
        .compose(Gateway::deploy);
  }

  /** Blocking: the queue, the journals and the ledger, or nothing left open when one of them fails. */
  private static Stores open(Vertx vertx, GatewayConfig config, Clock clock, DataDirLock lock) throws Exception {
    // Closed in list order: with Kafka, the dead letters' reader, then the queue (it commits, leaves the group and
    // closes the producer both share); with the journal, the install journal (it flushes and checkpoints), then
    // the dead-letter journal; then the forgotten-devices log and the ledger's key log.
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      InstallQueue queue;
      RecordStore deadLetters;
      if (config.queue().type() == QueueConfig.Type.KAFKA) {
        String clientId = "ctvgw-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        KafkaQueue kafka = KafkaQueue.open(config.queue().kafka(), clientId, 2 * config.delivery().window());
        opened.add(kafka);
        KafkaDeadLetters letters = KafkaDeadLetters.open(config.queue().kafka(), kafka, clientId);
        opened.add(0, letters); // closed before the queue: it shares the queue's producer
        queue = kafka;
        deadLetters = letters;
      } else {
        Journal journal = Journal.open(config.journal().installJournalOptions(config.dataDir().resolve("journal")));
        opened.add(journal);
        // Dead letters roll with the journal's retention too: a forgotten device's letters leave the disk.
        Journal letters = Journal.open(config.journal().options(config.dataDir().resolve("dead-letters"))
            .withRetention(Duration.ofMillis(config.journal().retentionMs())));
        opened.add(letters);
        queue = new JournalQueue(journal);
        deadLetters = new JournalQueue(letters);
      }
      Journal forgotten = Journal.open(config.journal().options(config.dataDir().resolve("forgotten")));
      opened.add(forgotten);
      InstallLedger ledger;
      if (config.ledger().type() == LedgerConfig.Type.REDIS) {
        ledger = RedisLedger.create(vertx, config.ledger(), clock);
      } else {
        // No fsync per key: the key log is synced before each checkpoint of the journal (DurableLedger's note).
        Journal keyLog = Journal.open(config.journal().options(config.dataDir().resolve("ledger"))
            .withFsync(io.ctvgateway.journal.FsyncMode.NONE).collecting());
        opened.add(keyLog);
        DurableLedger durable = DurableLedger.open(CompactLedger.create(config.ledger(), clock), keyLog);
        if (queue instanceof JournalQueue local) {
          local.journal().beforeCheckpoint(durable.keysOnDisk());
        }
        ledger = durable;
      }
      if (ledger instanceof RecoverableLedger keys && queue instanceof JournalQueue local) {
        KeyRecovery.run(local.journal(), keys);
      }
      return new Stores(lock, queue, deadLetters, forgotten, ledger, opened);
    } catch (Exception | Error e) {
      for (int i = opened.size() - 1; i >= 0; i--) {
        closeQuietly(opened.get(i));
      }
      closeQuietly(lock);
      throw e;
    }
  }

  /** Admin first (probes answer while the rest starts), delivery, then the TV-facing servers. */
  private Future<Gateway> deploy() {
    return vertx.deployVerticle(admin)
        .compose(id -> {
          deployed.push(id);
          return vertx.deployVerticle(delivery);
        })
        .compose(id -> {
          deployed.push(id);
          int port = IngestVerticle.listenPort(config.http().port());
          return vertx.deployVerticle(() -> {
            IngestVerticle server = new IngestVerticle(ingest, port);
            servers.add(server);
            return server;
          }, new DeploymentOptions().setInstances(config.http().effectiveInstances()));
        })
        .map(id -> {
          deployed.push(id);
          return this;
        })
        .recover(failure -> stop().transform(ignored -> Future.failedFuture(failure)));
  }

  /** Free space is a syscall on the volume: sampled on a worker, never on the event loop. */
  private void sampleDisk() {
    vertx.executeBlocking(() -> {
          if (stores.queue() instanceof JournalQueue local) {
            local.journal().recheckDiskFloor();
          }
          return Files.getFileStore(config.dataDir()).getUsableSpace();
        }, false)
        .onSuccess(backpressure::freeDiskBytes)
        .onFailure(e -> LOG.warn("event=disk_sample_failed cause={}", e.toString()));
  }

  /** The TV-facing port (the actual one when configured as 0). */
  public int httpPort() {
    return servers.get(0).port();
  }

  /** The ports the TV-facing instances listen on: one, shared by all of them (with {@code http.port} 0 too). */
  public Set<Integer> httpPorts() {
    return servers.stream().map(IngestVerticle::port).collect(Collectors.toUnmodifiableSet());
  }

  /** The admin port (the actual one when configured as 0). */
  public int adminPort() {
    return admin.port();
  }

  /** From now on every install is refused (503, unready) while delivery goes on: the drain command. */
  public void refuseInstalls() {
    backpressure.close();
  }

  /** Why installs are refused right now ({@code backlog_full}, {@code disk_low}, {@code shutting_down}), or null. */
  public String refusal() {
    Refusal.Reason reason = backpressure.refusal();
    return reason == null ? null : reason.code();
  }

  public GatewayMetrics metrics() {
    return metrics;
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

  /** The install queue (the journal, or Kafka). */
  public InstallQueue queue() {
    return stores.queue();
  }

  /** The install journal; only with {@code queue.type: journal}. */
  public Journal journal() {
    if (stores.queue() instanceof JournalQueue local) {
      return local.journal();
    }
    throw new IllegalStateException("queue.type is " + stores.queue().type() + ": there is no install journal");
  }

  /**
   * Graceful stop, in reverse order of start: refuse new installs (503), let the servers finish requests in
   * flight, let delivery finish its calls in flight (within the grace), stop admin, then stop the ledger and
   * close the journals (queued appends are
   * written and fsynced, a final checkpoint is taken). Undelivered records stay on disk for the next start.
   */
  public Future<Void> stop() {
    backpressure.close();
    profiles.close();
    vertx.cancelTimer(diskTimer);
    vertx.cancelTimer(expiryTimer);
    Future<Void> undeployed = Future.succeededFuture();
    while (!deployed.isEmpty()) {
      String id = deployed.pop();
      undeployed = undeployed.eventually(() -> vertx.undeploy(id)
          .onFailure(e -> LOG.error("event=undeploy_failed cause={}", e.toString())));
    }
    return undeployed
        .eventually(() -> stores.ledger().shutdown()
            .onFailure(e -> LOG.error("event=ledger_shutdown_failed cause={}", e.toString())))
        .eventually(() -> vertx.executeBlocking(() -> {
          stores.close();
          return null;
        }))
        .mapEmpty();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.error("event=close_failed what={} cause={}", closeable.getClass().getSimpleName(), e.toString());
    }
  }
}
