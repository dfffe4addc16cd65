package io.ctvgateway.ingest;

import io.ctvgateway.config.HttpConfig;
import io.ctvgateway.http.ConnectionLimits;
import io.ctvgateway.install.AppAccess;
import io.ctvgateway.install.Submission;
import io.ctvgateway.install.Intake;
import io.ctvgateway.profile.ProfileRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
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

  /**
   * The TV port's request handler: {@code POST /v1/{platform}/install} with a plain platform id goes straight to its
   * handlers, every other request (other endpoints, preflights, odd spellings of the install path) through the
   * router.
   *
   * <p>Why the install skips the router: the same parse-and-202 server measured 1.3-2.2 µs of CPU more per request
   * behind a router shaped like this one (docs/benchmarks.md, issue 14), a twentieth of what an install costs, for
   * a routing context, a request wrapper and a walk down the route list that the one hot endpoint does not need.
   * The direct path takes the same steps in the same order as the routed one (arrival time, CORS, body, handler,
   * the same failure handler), so an install is answered the same whichever way it came; a path it does not
   * recognise exactly (percent-escapes, dot segments, a trailing slash) is left to the router, which has always
   * decided those.
   */
  public static Handler<HttpServerRequest> routes(Vertx vertx, Deps deps) {
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
    router.post(INSTALL_ROUTE).handler(body).handler(routed(installs)).failureHandler(failures);
    router.post("/v1/:platform/event").handler(body).handler(routed(events)).failureHandler(failures);
    router.post("/v1/:platform/identity").handler(body).handler(routed(new IdentityHandler(context)))
        .failureHandler(failures);
    router.post("/v1/:platform/events")
        .handler(new BodyReader(deps.rules().kochava().batchBodyLimitBytes()))
        .handler(routed(batches))
        .failureHandler(new FailureHandler(deps.rules().kochava().batchBodyLimitBytes(), deps.stats()));
    // Kochava's own S2S shape, for a team that already sends to Kochava: a new URL, nothing else to change.
    router.route("/kochava/*").handler(new OpenCors());
    FailureHandler kochavaFailures = new FailureHandler(deps.http().bodyLimitBytes(), deps.stats(), true);
    router.post("/kochava/:platform/track/json").handler(body).handler(routed(new KochavaCompatHandler(context, false)))
        .failureHandler(kochavaFailures);
    router.post("/kochava/:platform/websdk").handler(body).handler(routed(new KochavaCompatHandler(context, true)))
        .failureHandler(kochavaFailures);
    router.route().failureHandler(failures);
    router.errorHandler(404, failures);
    router.errorHandler(405, failures);
    return request -> {
      String platform = request.method() == HttpMethod.POST ? installPlatform(request.path()) : null;
      if (platform == null) {
        router.handle(request);
        return;
      }
      request.routed(INSTALL_ROUTE); // the HTTP server metrics' route label, which the router would have set
      Exchange exchange = Exchange.direct(request, platform, failures);
      IngestStats.arrived(exchange);
      OpenCors.preflightAnswered(request); // a POST is never a preflight: this adds the header, if there is an origin
      guarded(exchange, () -> body.read(exchange, () -> guarded(exchange, () -> installs.handle(exchange))));
    };
  }

  /** Runs a step of the direct path, failing the exchange with what it throws, as the router does for its routes. */
  private static void guarded(Exchange exchange, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException failure) { // a refusal (ApiException) mostly
      if (exchange.failed()) {
        throw failure; // the failure handler itself threw: Vert.x logs it, there is no one else to answer
      }
      exchange.fail(failure);
    }
  }

  private static Handler<RoutingContext> routed(Handler<Exchange> handler) {
    return ctx -> handler.handle(Exchange.of(ctx));
  }

  private static final String INSTALL_ROUTE = "/v1/:platform/install";
  private static final String INSTALL_PREFIX = "/v1/";
  private static final String INSTALL_SUFFIX = "/install";

  /**
   * The platform of an install path spelled plainly ({@code /v1/roku/install}: one segment of letters, digits,
   * {@code -} and {@code _}), else null. Whatever else the router would match as the install route (an escaped
   * character, a trailing slash) is for the router, so nothing it decoded before is decoded differently now.
   */
  static String installPlatform(String path) {
    if (path == null || !path.startsWith(INSTALL_PREFIX) || !path.endsWith(INSTALL_SUFFIX)) {
      return null;
    }
    int end = path.length() - INSTALL_SUFFIX.length();
    if (end <= INSTALL_PREFIX.length()) {
      return null;
    }
    for (int i = INSTALL_PREFIX.length(); i < end; i++) {
      char c = path.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
        return null;
      }
    }
    return path.substring(INSTALL_PREFIX.length(), end);
  }
}
