package io.ctvgateway.ingest;

import io.ctvgateway.config.HttpConfig;
import io.ctvgateway.profile.ProfileRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;

/** The TV-facing route table; the server verticle and every test build it through {@link #routes}. */
public final class IngestRoutes {

  /**
   * What the routes need.
   *
   * @param profiles the current device profiles (a supplier: a reload swaps the whole set at once)
   */
  public record Deps(Supplier<ProfileRegistry> profiles, Intake intake, HttpConfig http, Clock clock,
      IngestStats stats) {
    public Deps {
      Objects.requireNonNull(stats, "stats");
      Objects.requireNonNull(profiles, "profiles");
      Objects.requireNonNull(intake, "intake");
      Objects.requireNonNull(http, "http");
      Objects.requireNonNull(clock, "clock");
    }
  }

  private IngestRoutes() {}

  public static Router routes(Vertx vertx, Deps deps) {
    Router router = Router.router(vertx);
    FailureHandler failures = new FailureHandler(deps.http().bodyLimitBytes(), deps.stats());
    InstallHandler installs = new InstallHandler(deps.profiles(), ClientAddress.trusting(deps.http().trustedProxies()),
        deps.intake(), deps.clock(), deps.stats());
    router.post("/v1/:platform/install")
        .handler(BodyHandler.create(false).setBodyLimit(deps.http().bodyLimitBytes()))
        .handler(installs)
        .failureHandler(failures);
    router.route().failureHandler(failures);
    router.errorHandler(404, failures);
    router.errorHandler(405, failures);
    return router;
  }
}
