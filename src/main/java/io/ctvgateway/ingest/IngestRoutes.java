package io.ctvgateway.ingest;

import io.ctvgateway.config.HttpConfig;
import io.ctvgateway.http.ConnectionLimits;
import io.ctvgateway.install.AppAccess;
import io.ctvgateway.install.Submission;
import io.ctvgateway.install.Intake;
import io.ctvgateway.profile.ProfileRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.util.Objects;
import java.util.function.Supplier;

/** The TV-facing route table; the server verticle and every test build it through {@link #routes}. */
public final class IngestRoutes {

  /**
   * What the routes need.
   *
   * @param profiles the current device profiles (a supplier: a reload swaps the whole set at once)
   */
  public record Deps(Supplier<ProfileRegistry> profiles, AppAccess access, EdgeLimits limits,
      ConnectionLimits connections, Intake intake, HttpConfig http, Submission.Rules rules, IngestStats stats) {
    public Deps {
      Objects.requireNonNull(connections, "connections");
      Objects.requireNonNull(rules, "rules");
      Objects.requireNonNull(limits, "limits");
      Objects.requireNonNull(access, "access");
      Objects.requireNonNull(stats, "stats");
      Objects.requireNonNull(profiles, "profiles");
      Objects.requireNonNull(intake, "intake");
      Objects.requireNonNull(http, "http");
    }
  }

  private IngestRoutes() {}

  public static Router routes(Vertx vertx, Deps deps) {
    Router router = Router.router(vertx);
    FailureHandler failures = new FailureHandler(deps.http().bodyLimitBytes(), deps.stats());
    IngestContext context = new IngestContext(deps.profiles(), ClientAddress.trusting(deps.http().trustedProxies()),
        deps.access(), deps.limits(), deps.intake(), deps.rules(), deps.stats());
    InstallHandler installs = new InstallHandler(context);
    EventHandler events = new EventHandler(context);
    EventBatchHandler batches = new EventBatchHandler(context);
    router.route().handler(deps.stats()::arrived);
    router.route("/v1/*").handler(new OpenCors());
    BodyReader body = new BodyReader(deps.http().bodyLimitBytes());
    router.post("/v1/:platform/install").handler(body).handler(installs).failureHandler(failures);
    router.post("/v1/:platform/event").handler(body).handler(events).failureHandler(failures);
    router.post("/v1/:platform/identity").handler(body).handler(new IdentityHandler(context)).failureHandler(failures);
    router.post("/v1/:platform/events")
        .handler(new BodyReader(deps.rules().kochava().batchBodyLimitBytes()))
        .handler(batches)
        .failureHandler(new FailureHandler(deps.rules().kochava().batchBodyLimitBytes(), deps.stats()));
    // Kochava's own S2S shape, for a team that already sends to Kochava: a new URL, nothing else to change.
    router.route("/kochava/*").handler(new OpenCors());
    FailureHandler kochavaFailures = new FailureHandler(deps.http().bodyLimitBytes(), deps.stats(), true);
    router.post("/kochava/:platform/track/json").handler(body).handler(new KochavaCompatHandler(context, false))
        .failureHandler(kochavaFailures);
    router.post("/kochava/:platform/websdk").handler(body).handler(new KochavaCompatHandler(context, true))
        .failureHandler(kochavaFailures);
    router.route().failureHandler(failures);
    router.errorHandler(404, failures);
    router.errorHandler(405, failures);
    return router;
  }
}
