package io.ctvgateway.admin;

import io.ctvgateway.dedupe.LedgerStatus;
import io.ctvgateway.http.ErrorBody;
import io.ctvgateway.ingest.Preview;
import io.ctvgateway.install.LiveTail;
import io.ctvgateway.install.Submission;
import io.ctvgateway.profile.DraftProfile;
import io.ctvgateway.profile.ProfileException;
import io.ctvgateway.profile.ProfileRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The console on the admin port: a small page served from the jar ({@code GET /} and {@code /console/*}, no CDN,
 * a strict Content-Security-Policy) and its API behind the admin guard: {@code /console/api/status} (counters,
 * gauges and histogram buckets, polled: the page draws rates and quantiles from successive snapshots),
 * {@code /console/api/tail} (the live tail, a server-sent event stream read with {@code fetch} so the bearer token
 * can go in a header) and {@code /console/api/playground} (a request against a served or a draft profile).
 */
final class ConsoleRoutes {
  private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
      + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

  private ConsoleRoutes() {}

  static void mount(Vertx vertx, Router router, AdminRoutes.Deps deps, AdminGuard guard) {
    router.get("/").handler(ctx -> ctx.redirect("/console/"));
    StaticHandler assets = StaticHandler.create("console").setIndexPage("index.html").setCachingEnabled(false)
        .setDirectoryListing(false);
    router.route("/console/*").method(io.vertx.core.http.HttpMethod.GET).method(io.vertx.core.http.HttpMethod.HEAD)
        .handler(ctx -> {
          if (!ctx.request().path().startsWith("/console/api/")) {
            ctx.response().putHeader("Content-Security-Policy", CSP).putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer");
            assets.handle(ctx);
          } else {
            ctx.next();
          }
        });
    router.route("/console/api/*").handler(guard);
    router.get("/console/api/status").handler(ctx -> ctx.json(status(deps)));
    router.get("/console/api/tail").handler(ctx -> tail(vertx, ctx, deps.tail()));
    router.post("/console/api/playground").handler(BodyHandler.create(false).setBodyLimit(256 * 1024))
        .handler(ctx -> playground(ctx, deps));
  }

  /** Totals since start; the page turns two snapshots into rates and windowed quantiles. */
  static JsonObject status(AdminRoutes.Deps deps) {
    MeterRegistry registry = deps.metrics().registry();
    LedgerStatus ledger = deps.ledger().get();
    return new JsonObject()
        .put("at", deps.clock().millis())
        .put("installs", new JsonObject()
            .put("accepted", count(registry, "ctvgw.installs", "accepted"))
            .put("duplicate", count(registry, "ctvgw.installs", "duplicate")))
        .put("events", new JsonObject()
            .put("accepted", count(registry, "ctvgw.events", "accepted"))
            .put("duplicate", count(registry, "ctvgw.events", "duplicate")))
        .put("rejected", registry.find("ctvgw.request.errors").counters().stream().mapToDouble(c -> c.count()).sum())
        .put("delivered", deps.delivery().delivered())
        .put("dead_lettered", deps.delivery().deadLettered())
        .put("backlog", new JsonObject()
            .put("records", deps.queue().unsettledRecords())
            .put("oldest_age_ms", HealthHandler.backlogAgeMs(deps)))
        .put("breaker", deps.delivery().breaker())
        .put("ledger", new JsonObject().put("type", ledger.type()).put("up", ledger.up()).put("problem", ledger.problem())
            .put("keys", ledger.keys()))
        .put("dead_letters", deps.deadLetters().size())
        .put("profiles", deps.profileStatus().get().serving().size())
        .put("histograms", new JsonObject()
            .put("ingest", histogram(registry.find("ctvgw.ingest.duration").timers()))
            .put("kochava", histogram(registry.find("ctvgw.upstream.duration").tag("result", "delivered").timers()))
            .put("fsync", histogram(registry.find("ctvgw.journal.fsync").timers())));
  }

  private static double count(MeterRegistry registry, String name, String outcome) {
    return registry.find(name).tag("outcome", outcome).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  /** Bucket upper bounds (ms) and cumulative counts, summed over the timers (same buckets: {@code LATENCY}). */
  private static JsonObject histogram(java.util.Collection<Timer> timers) {
    double[] bounds = null;
    double[] counts = null;
    for (Timer timer : timers) {
      HistogramSnapshot snapshot = timer.takeSnapshot();
      CountAtBucket[] buckets = snapshot.histogramCounts();
      if (bounds == null) {
        bounds = new double[buckets.length];
        counts = new double[buckets.length];
        for (int i = 0; i < buckets.length; i++) {
          bounds[i] = buckets[i].bucket(TimeUnit.MILLISECONDS);
        }
      }
      for (int i = 0; i < buckets.length && i < counts.length; i++) {
        counts[i] += buckets[i].count();
      }
    }
    JsonArray le = new JsonArray();
    JsonArray cumulative = new JsonArray();
    if (bounds != null) {
      for (int i = 0; i < bounds.length; i++) {
        le.add(bounds[i]);
        cumulative.add(counts[i]);
      }
    }
    double total = timers.stream().mapToDouble(Timer::count).sum();
    return new JsonObject().put("le_ms", le).put("counts", cumulative).put("count", total);
  }

  /**
   * The live tail as server-sent events ({@code data: <entry JSON>}), filtered by {@code platform}, {@code app}
   * and {@code outcome}; a comment line every 15 s keeps proxies from closing it. 429 past the watcher cap.
   */
  private static void tail(Vertx vertx, RoutingContext ctx, LiveTail tail) {
    String platform = ctx.request().getParam("platform");
    String app = ctx.request().getParam("app");
    String outcome = ctx.request().getParam("outcome");
    HttpServerResponse response = ctx.response();
    Context context = vertx.getOrCreateContext();
    Optional<LiveTail.Watch> watch = tail.watch(entry -> {
      if ((platform == null || platform.equals(entry.platform())) && (app == null || app.equals(entry.app()))
          && (outcome == null || outcome.equals(entry.outcome()) || outcome.equals(entry.kind()))) {
        String line = "data: " + entry(entry).encode() + "\n\n";
        context.runOnContext(v -> {
          if (!response.closed() && !response.writeQueueFull()) {
            response.write(line); // a slow reader misses entries rather than growing our memory
          }
        });
      }
    });
    if (watch.isEmpty()) {
      ErrorBody.send(response, 429, "too_many_watchers", "at most " + LiveTail.MAX_WATCHERS
          + " live tails at once; close one", null, 5);
      return;
    }
    response.setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader("X-Accel-Buffering", "no");
    response.write(": ctv-gateway live tail\n\n");
    long keepAlive = vertx.setPeriodic(15_000, id -> {
      if (!response.closed()) {
        response.write(": keep-alive\n\n");
      }
    });
    response.closeHandler(v -> {
      vertx.cancelTimer(keepAlive);
      watch.get().close();
    });
  }

  private static JsonObject entry(LiveTail.Entry entry) {
    return new JsonObject()
        .put("at", entry.atMillis()).put("kind", entry.kind()).put("platform", entry.platform()).put("app", entry.app())
        .put("outcome", entry.outcome()).put("code", entry.code()).put("field", entry.field())
        .put("ua_source", entry.uaSource()).put("device", entry.device()).put("receipt", entry.receipt())
        .put("status", entry.status()).put("latency_ms", Math.round(entry.latencyMs() * 100) / 100.0);
  }

  /**
   * {@code POST /console/api/playground}: {@code {"platform": id} or {"profile": {draft}}, "request": {...},
   * "user_agent": "...", "ip": "...", "event": false}}: what the preview shows for that request; with a draft,
   * also each of the draft's examples, passed or not. Nothing is stored, and the draft is never served.
   */
  private static void playground(RoutingContext ctx, AdminRoutes.Deps deps) {
    JsonObject input;
    try {
      Object value = io.vertx.core.json.Json.decodeValue(ctx.body().buffer() == null ? Buffer.buffer() : ctx.body().buffer());
      if (!(value instanceof JsonObject object)) {
        throw new DecodeException("not an object");
      }
      input = object;
    } catch (DecodeException e) {
      ErrorBody.send(ctx.response(), 400, "malformed_json", "the playground takes a JSON object {platform|profile,"
          + " request, user_agent, ip, event}", null, 0);
      return;
    }
    // A draft's patterns and examples are the caller's: they run on a worker, never on the admin event loop.
    ctx.vertx().executeBlocking(() -> play(input, deps), false)
        .onSuccess(played -> ctx.response().setStatusCode(played.status())
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(played.body()))
        .onFailure(ctx::fail);
  }

  /** A playground answer: its status and JSON body. */
  private record Played(int status, String body) {
    static Played error(String code, String message, String field) {
      return new Played(400, ErrorBody.of(code, message, field).encode());
    }
  }

  private static Played play(JsonObject input, AdminRoutes.Deps deps) {
    ProfileRegistry profiles = deps.profiles().get();
    String platform = input.getValue("platform") instanceof String p ? p : null;
    JsonObject answer = new JsonObject();
    if (input.getValue("profile") != null) {
      Object draftValue = input.getValue("profile");
      String draftText = draftValue instanceof JsonObject draft ? draft.encode()
          : draftValue instanceof String text ? text : null;
      DraftProfile draft;
      try {
        draft = DraftProfile.parse(draftText == null ? "" : draftText);
      } catch (ProfileException e) {
        return Played.error("invalid_profile", e.getMessage().replaceFirst("^draft: ", ""), "profile");
      }
      profiles = ProfileRegistry.of(List.of(draft.profile()));
      platform = draft.profile().id();
      JsonArray examples = new JsonArray();
      draft.examples().forEach(example -> examples.add(new JsonObject().put("name", example.name())
          .put("passed", example.passed()).put("differences", new JsonArray(example.differences()))));
      answer.put("examples", examples);
    }
    if (platform == null) {
      return Played.error("missing_field", "give a platform (a served profile id) or a draft profile", "platform");
    }
    Object request = input.getValue("request");
    String requestText = request instanceof JsonObject object ? object.encode()
        : request instanceof String text ? text : "";
    String ip = input.getValue("ip") instanceof String i ? i : "203.0.113.10";
    String ua = input.getValue("user_agent") instanceof String u && !u.isBlank() ? u : null;
    Preview.Answer preview = Preview.of(profiles, deps.access(), platform, Boolean.TRUE.equals(input.getValue("event")),
        null, Buffer.buffer(requestText), ua, ip, new Submission.Rules(deps.kochava(), deps.keys(), deps.clock()));
    answer.put("platform", platform).put("status", preview.status());
    return new Played(200, "{\"preview\":" + preview.encode() + "," + answer.encode().substring(1));
  }

}
