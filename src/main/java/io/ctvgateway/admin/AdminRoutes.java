package io.ctvgateway.admin;

import io.ctvgateway.config.AdminConfig;
import io.ctvgateway.config.KochavaConfig;
import io.ctvgateway.dedupe.LedgerStatus;
import io.ctvgateway.delivery.DeadLetters;
import io.ctvgateway.delivery.DeliveryStats;
import io.ctvgateway.ingest.IngestStats;
import io.ctvgateway.install.Backpressure;
import io.ctvgateway.ingest.Preview;
import io.ctvgateway.journal.Journal;
import io.ctvgateway.profile.ProfileRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;

/** The operator's route table: health, readiness, Prometheus metrics, profiles, dead letters, previews. */
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
      KochavaConfig kochava,
      Clock clock) {
    public Deps {
      Objects.requireNonNull(kochava, "kochava");
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
    BodyHandler body = BodyHandler.create(false).setBodyLimit(deps.kochava().batchBodyLimitBytes());
    router.post("/preview/:platform/install").handler(body).handler(ctx -> preview(ctx, deps, false));
    router.post("/preview/:platform/event").handler(body).handler(ctx -> preview(ctx, deps, true));
    return router;
  }

  /**
   * {@code POST /preview/{platform}/install|event}: what Kochava would receive for this body, from a TV at
   * {@code X-Preview-Ip} (default 203.0.113.10) sending {@code X-Preview-User-Agent}; nothing is stored.
   */
  private static void preview(RoutingContext ctx, Deps deps, boolean event) {
    String ip = ctx.request().getHeader("X-Preview-Ip");
    Preview.Answer answer = Preview.of(deps.profiles().get(), ctx.pathParam("platform"), event, ctx.body().buffer(),
        ctx.request().getHeader("X-Preview-User-Agent"), ip == null ? "203.0.113.10" : ip, deps.kochava(), deps.clock());
    ctx.response().setStatusCode(answer.status());
    ctx.json(answer.body());
  }
}
