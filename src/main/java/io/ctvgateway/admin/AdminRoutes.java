package io.ctvgateway.admin;

import io.ctvgateway.config.AdminConfig;
import io.ctvgateway.dedupe.LedgerStatus;
import io.ctvgateway.delivery.DeadLetters;
import io.ctvgateway.delivery.DeliveryStats;
import io.ctvgateway.ingest.Backpressure;
import io.ctvgateway.ingest.IngestStats;
import io.ctvgateway.journal.Journal;
import io.ctvgateway.profile.ProfileRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;

/** The operator's route table: health, readiness, Prometheus metrics, profiles, dead letters. */
public final class AdminRoutes {

  /**
   * What the admin endpoints read.
   *
   * @param ledger the install ledger's health and counters
   */
  public record Deps(
      AdminConfig config,
      Journal journal,
      Backpressure backpressure,
      IngestStats ingest,
      DeliveryStats delivery,
      DeadLetters deadLetters,
      Supplier<LedgerStatus> ledger,
      Supplier<ProfileRegistry> profiles,
      Clock clock) {
    public Deps {
      Objects.requireNonNull(config, "config");
      Objects.requireNonNull(journal, "journal");
      Objects.requireNonNull(backpressure, "backpressure");
      Objects.requireNonNull(ingest, "ingest");
      Objects.requireNonNull(delivery, "delivery");
      Objects.requireNonNull(deadLetters, "deadLetters");
      Objects.requireNonNull(ledger, "ledger");
      Objects.requireNonNull(profiles, "profiles");
      Objects.requireNonNull(clock, "clock");
    }
  }

  private AdminRoutes() {}

  public static Router routes(Vertx vertx, Deps deps) {
    Router router = Router.router(vertx);
    HealthHandler health = new HealthHandler(deps);
    router.get("/health/live").handler(health::live);
    router.get("/health/ready").handler(health::ready);
    router.get("/metrics").handler(new MetricsHandler(deps));
    router.get("/profiles").handler(ctx -> ctx.json(deps.profiles().get().ids().stream().sorted().toList()));
    DeadLetterHandler deadLetters = new DeadLetterHandler(deps.deadLetters());
    router.get("/dead-letters").handler(deadLetters::list);
    router.post("/dead-letters/requeue").handler(deadLetters::requeueAll);
    router.post("/dead-letters/:id/requeue").handler(deadLetters::requeueOne);
    return router;
  }
}
