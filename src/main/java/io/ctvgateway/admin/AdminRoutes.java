package io.ctvgateway.admin;

import io.ctvgateway.config.AdminConfig;
import io.ctvgateway.config.KochavaConfig;
import io.ctvgateway.dedupe.LedgerStatus;
import io.ctvgateway.delivery.DeadLetters;
import io.ctvgateway.delivery.DeliveryStats;
import io.ctvgateway.http.ErrorBody;
import io.ctvgateway.ingest.IngestStats;
import io.ctvgateway.dedupe.KeyHash;
import io.ctvgateway.install.AppAccess;
import io.ctvgateway.install.Submission;
import io.ctvgateway.install.Backpressure;
import io.ctvgateway.install.LiveTail;
import io.ctvgateway.ingest.Preview;
import io.ctvgateway.install.InstallQueue;
import io.ctvgateway.metrics.GatewayMetrics;
import io.ctvgateway.profile.ProfileRegistry;
import io.ctvgateway.profile.ProfileStatus;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator's route table: health, readiness, Prometheus metrics, profiles, dead letters, previews. */
public final class AdminRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(AdminRoutes.class);

  /**
   * What the admin endpoints read.
   *
   * @param ledger the install ledger's health and counters
   */
  public record Deps(
      AdminConfig config,
      InstallQueue queue,
      Backpressure backpressure,
      IngestStats ingest,
      DeliveryStats delivery,
      DeadLetters deadLetters,
      Supplier<LedgerStatus> ledger,
      Supplier<ProfileRegistry> profiles,
      Supplier<ProfileStatus> profileStatus,
      AppAccess access,
      KochavaConfig kochava,
      KeyHash keys,
      Clock clock,
      DeviceForgetting forgetting,
      GatewayMetrics metrics,
      LiveTail tail) {
    public Deps {
      Objects.requireNonNull(kochava, "kochava");
      Objects.requireNonNull(config, "config");
      Objects.requireNonNull(queue, "queue");
      Objects.requireNonNull(backpressure, "backpressure");
      Objects.requireNonNull(ingest, "ingest");
      Objects.requireNonNull(delivery, "delivery");
      Objects.requireNonNull(deadLetters, "deadLetters");
      Objects.requireNonNull(ledger, "ledger");
      Objects.requireNonNull(profiles, "profiles");
      Objects.requireNonNull(profileStatus, "profileStatus");
      Objects.requireNonNull(access, "access");
      Objects.requireNonNull(keys, "keys");
      Objects.requireNonNull(forgetting, "forgetting");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(metrics, "metrics");
      Objects.requireNonNull(tail, "tail");
    }
  }

  private AdminRoutes() {}

  public static Router routes(Vertx vertx, Deps deps) {
    Router router = Router.router(vertx);
    HealthHandler health = new HealthHandler(deps);
    // HEAD is answered wherever GET is (Vert.x sends the headers and drops the body).
    read(router, "/health/live").handler(health::live);
    read(router, "/health/ready").handler(health::ready);
    read(router, "/metrics").handler(new MetricsHandler(deps.metrics()));
    read(router, "/openapi.json").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
        .sendFile("openapi.json").onFailure(ctx::fail));
    read(router, "/profiles").handler(ctx -> ctx.json(profiles(deps.profileStatus().get())));
    // What changes or reveals data is behind the guard (the token, or on a tokenless loopback port the
    // cross-site checks); health, metrics and the profile ids stay open for probes and scrapers.
    AdminGuard guard = new AdminGuard(deps.config());
    router.route("/dead-letters*").handler(guard);
    router.route("/preview/*").handler(guard);
    router.route("/forget/*").handler(guard);
    ConsoleRoutes.mount(vertx, router, deps, guard);
    DeadLetterHandler deadLetters = new DeadLetterHandler(deps.deadLetters());
    read(router, "/dead-letters").handler(deadLetters::list);
    router.delete("/dead-letters").handler(deadLetters::purgeAll);
    router.post("/dead-letters/requeue").handler(deadLetters::requeueAll);
    read(router, "/dead-letters/:id").handler(deadLetters::get);
    router.delete("/dead-letters/:id").handler(deadLetters::purgeOne);
    router.post("/dead-letters/:id/requeue").handler(deadLetters::requeueOne);
    BodyHandler body = BodyHandler.create(false).setBodyLimit(deps.kochava().batchBodyLimitBytes());
    router.post("/preview/:platform/install").handler(body).handler(ctx -> preview(ctx, deps, false));
    router.post("/preview/:platform/event").handler(body).handler(ctx -> preview(ctx, deps, true));
    router.post("/forget/:platform").handler(body).handler(ctx -> forget(ctx, deps));
    // Everything the admin port says is JSON too, including Vert.x Web's own 404, 405, 413 and 500.
    router.route().failureHandler(AdminRoutes::failed);
    router.errorHandler(404, ctx -> ErrorBody.send(ctx.response(), 404, "not_found",
        "no admin endpoint " + ctx.request().method() + " " + clip(ctx.request().path()), null, 0));
    router.errorHandler(405, ctx -> ErrorBody.send(ctx.response(), 405, "method_not_allowed",
        "method " + ctx.request().method() + " is not allowed on " + clip(ctx.request().path()), null, 0));
    router.errorHandler(500, AdminRoutes::failed);
    return router;
  }

  /** {@code GET /profiles}: the ids served, and whether they are the directory as it is or why not. */
  static JsonObject profiles(ProfileStatus status) {
    io.vertx.core.json.JsonArray refused = new io.vertx.core.json.JsonArray();
    status.refused().forEach(r -> refused.add(new JsonObject().put("file", r.file()).put("reason", r.reason())));
    return new JsonObject()
        .put("profiles", new io.vertx.core.json.JsonArray(status.serving().stream().sorted().toList()))
        .put("degraded", status.degraded())
        .put("refused", refused)
        .put("from_last_valid", new io.vertx.core.json.JsonArray(status.fromLastValid()))
        .put("refused_reloads", status.refusedReloads())
        .put("examples", new JsonObject(new java.util.TreeMap<>(status.examples())));
  }

  private static io.vertx.ext.web.Route read(Router router, String path) {
    return router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD);
  }

  /**
   * {@code POST /forget/{platform}} with the device's fields as its TV would send an install (app id and ids):
   * forgets that device ({@link DeviceForgetting}) and answers what was removed.
   */
  private static void forget(RoutingContext ctx, Deps deps) {
    Preview.Device device = Preview.device(deps.profiles().get(), ctx.pathParam("platform"),
        ctx.request().getHeader("Content-Type"), ctx.body().buffer(), rules(deps));
    if (device.error() != null) {
      ctx.response().setStatusCode(device.error().status());
      ctx.json(device.error().body());
      return;
    }
    Submission submission = device.submission();
    deps.forgetting().forget(submission.key(), submission.install().orderKey())
        .onSuccess(removed -> {
          LOG.info("event=device_forgotten platform={} app={} key={}", ctx.pathParam("platform"),
              submission.install().appId(), submission.key().hex().substring(0, 12));
          ctx.json(new JsonObject().put("forgotten", removed));
        })
        .onFailure(ctx::fail);
  }

  private static Submission.Rules rules(Deps deps) {
    return new Submission.Rules(deps.kochava(), deps.keys(), deps.clock());
  }

  private static void failed(RoutingContext ctx) {
    int status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
    if (status >= 500) {
      LOG.error("event=internal_error port=admin method={} path={}", ctx.request().method(), ctx.request().path(),
          ctx.failure());
      ErrorBody.send(ctx.response(), 500, "internal_error", "the admin endpoint failed unexpectedly", null, 0);
    } else {
      ErrorBody.send(ctx.response(), status, status == 413 ? "body_too_large" : "http_" + status,
          "the request was refused with " + status, null, 0);
    }
  }

  private static String clip(String text) {
    return text.length() <= 64 ? text : text.substring(0, 61) + "...";
  }

  /**
   * {@code POST /preview/{platform}/install|event}: what Kochava would receive for this body, from a TV at
   * {@code X-Preview-Ip} (default 203.0.113.10) sending {@code X-Preview-User-Agent}; nothing is stored.
   */
  private static void preview(RoutingContext ctx, Deps deps, boolean event) {
    String ip = ctx.request().getHeader("X-Preview-Ip");
    Preview.Answer answer = Preview.of(deps.profiles().get(), deps.access(), ctx.pathParam("platform"), event,
        ctx.request().getHeader("Content-Type"), ctx.body().buffer(),
        ctx.request().getHeader("X-Preview-User-Agent"), ip == null ? "203.0.113.10" : ip, rules(deps));
    ctx.response().setStatusCode(answer.status()).putHeader("Content-Type", "application/json")
        .end(answer.encode());
  }
}
