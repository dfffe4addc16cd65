package io.ctvgateway.ingest;

import io.ctvgateway.install.LiveTail;
import io.ctvgateway.install.Outcome;
import io.ctvgateway.install.Submission;
import io.ctvgateway.metrics.GatewayMetrics;
import io.ctvgateway.profile.ProfileRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What ingest answered, as metrics: installs and events counted apart by platform, app and outcome; error answers
 * by endpoint, platform, status and code; the latency of every answer by endpoint, platform and outcome (from the
 * moment the body is in to the answer); rate-limited requests by limit. Label values are bounded: a platform that
 * is not served is {@code unknown}, an app not in config {@code other} ({@link GatewayMetrics#app}). Meters are
 * looked up in small maps keyed by strings the request already holds: no allocation on the hot path.
 */
public final class IngestStats {
  /** The TV endpoints, as the {@code endpoint} label. */
  enum Endpoint {
    INSTALL, EVENT, EVENTS, IDENTITY, KOCHAVA_S2S, KOCHAVA_WEB_SDK, OTHER;

    final String label = name().toLowerCase(Locale.ROOT);

    static Endpoint of(String path) {
      if (path.endsWith("/install")) {
        return INSTALL;
      }
      if (path.endsWith("/events")) {
        return EVENTS;
      }
      if (path.endsWith("/identity")) {
        return IDENTITY;
      }
      if (path.endsWith("/track/json")) {
        return KOCHAVA_S2S;
      }
      if (path.endsWith("/websdk")) {
        return KOCHAVA_WEB_SDK;
      }
      return path.endsWith("/event") ? EVENT : OTHER;
    }
  }

  /** The {@code outcome} label of an answer. */
  enum Answer {
    ACCEPTED, DUPLICATE, REJECTED, RATE_LIMITED, UNAVAILABLE;

    final String label = name().toLowerCase(Locale.ROOT);

    static Answer of(Outcome outcome) {
      return outcome instanceof Outcome.Accepted ? ACCEPTED : DUPLICATE;
    }

    static Answer ofStatus(int status) {
      return status == 429 ? RATE_LIMITED : status >= 500 ? UNAVAILABLE : REJECTED;
    }
  }

  static final String UNKNOWN_PLATFORM = "unknown";

  private final GatewayMetrics metrics;
  private final Supplier<ProfileRegistry> profiles;
  private final Map<String, Map<String, Counter[]>> installs = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Counter[]>> events = new ConcurrentHashMap<>();
  private final Map<String, Timer[][]> latency = new ConcurrentHashMap<>();
  private final Map<String, Counter> errors = new ConcurrentHashMap<>();
  private final Map<String, Counter> limited = new ConcurrentHashMap<>();

  private final LiveTail tail;

  /** The ingest event loops' lag timer (one series for all of them). */
  io.micrometer.core.instrument.Timer loopLag() {
    return metrics.loopLag("ingest");
  }

  public IngestStats(GatewayMetrics metrics, Supplier<ProfileRegistry> profiles, LiveTail tail) {
    this.metrics = metrics;
    this.profiles = profiles;
    this.tail = tail;
    this.bodyWait = metrics.latency("ctvgw.ingest.body.wait", "From a TV request's headers read to its whole body"
        + " read, before the handler's timing (ctvgw_ingest_duration_seconds) starts.", io.micrometer.core.instrument.Tags.empty());
  }

  private final io.micrometer.core.instrument.Timer bodyWait;

  /** The router's first handler: when the request's headers were read (the router runs as they are). */
  void arrived(RoutingContext ctx) {
    arrived(Exchange.of(ctx));
    ctx.next();
  }

  /** When the request's headers were read: the direct path's first step, and the router's. */
  static void arrived(Exchange exchange) {
    exchange.arrivedNanos = System.nanoTime();
  }

  /** The body is in: how long since the headers ({@link #arrived}). */
  void bodyIn(Exchange exchange) {
    if (exchange.arrivedNanos != 0) {
      bodyWait.record(System.nanoTime() - exchange.arrivedNanos, TimeUnit.NANOSECONDS);
    }
  }

  /**
   * An admitted request's answer went out: {@link #answered} and, while the console watches, a tail entry (the
   * device as a prefix of its keyed hash, never an identifier).
   */
  void answered(Exchange ctx, Endpoint endpoint, String platform, Outcome outcome, Submission submission,
      int status) {
    Answer answer = Answer.of(outcome);
    answered(ctx, endpoint, platform, answer);
    if (tail.sample()) {
      tail.publish(new LiveTail.Entry(System.currentTimeMillis(), endpoint.label, platform,
          submission.install().appId(), answer.label, null, null, submission.device().uaSource().name(),
          submission.install().orderKey().hex().substring(0, 12), outcome.receipt().toString(), status,
          latencyMs(ctx)));
    }
  }

  private static double latencyMs(Exchange ctx) {
    return ctx.startedNanos != 0 ? (System.nanoTime() - ctx.startedNanos) / 1e6 : 0;
  }

  /** Notes when the request's body was in: the start of its latency. */
  static void started(Exchange ctx) {
    ctx.startedNanos = System.nanoTime();
  }

  /** An install or event admitted ({@code event}: false for installs), counted by platform, app and outcome. */
  void admitted(boolean event, String platform, String appId, Outcome outcome) {
    Map<String, Map<String, Counter[]>> family = event ? events : installs;
    Counter[] counters = family.computeIfAbsent(platform, p -> new ConcurrentHashMap<>())
        .computeIfAbsent(metrics.app(appId), app -> {
          String name = event ? "ctvgw.events" : "ctvgw.installs";
          String what = event ? "Events" : "Installs";
          return new Counter[] {
              metrics.counter(name, what + " admitted, by platform, app and outcome.",
                  Tags.of("platform", platform, "app", app, "outcome", "accepted")),
              metrics.counter(name, what + " admitted, by platform, app and outcome.",
                  Tags.of("platform", platform, "app", app, "outcome", "duplicate"))};
        });
    counters[outcome instanceof Outcome.Accepted ? 0 : 1].increment();
  }

  /** The answer to a request went out: its latency from {@link #started}, by endpoint, platform and outcome. */
  void answered(Exchange ctx, Endpoint endpoint, String platform, Answer answer) {
    long nanos = ctx.startedNanos;
    if (nanos == 0) {
      return; // refused before its body was in (413, 404): counted as an error, no latency to speak of
    }
    Timer[][] timers = latency.computeIfAbsent(platform, p -> new Timer[Endpoint.values().length][]);
    Timer[] byAnswer = timers[endpoint.ordinal()];
    if (byAnswer == null) {
      byAnswer = new Timer[Answer.values().length];
      timers[endpoint.ordinal()] = byAnswer;
    }
    if (byAnswer[answer.ordinal()] == null) { // registered on first use (a racing twin gets the same meter)
      byAnswer[answer.ordinal()] = metrics.latency("ctvgw.ingest.duration",
          "Time from a request's body in to its answer, by endpoint, platform and outcome.",
          Tags.of("endpoint", endpoint.label, "platform", platform, "outcome", answer.label));
    }
    byAnswer[answer.ordinal()].record(System.nanoTime() - nanos, TimeUnit.NANOSECONDS);
  }

  /** A request answered with an error: counted, timed when its body was in, and tailed while watched. */
  void error(Exchange ctx, int status, String code, String field) {
    Endpoint endpoint = Endpoint.of(ctx.request().path());
    String platform = platform(ctx.platform());
    count(endpoint, platform, status, code);
    Answer answer = Answer.ofStatus(status);
    answered(ctx, endpoint, platform, answer);
    if (tail.sample()) {
      tail.publish(new LiveTail.Entry(System.currentTimeMillis(), endpoint == Endpoint.OTHER ? "request" : endpoint.label,
          platform, null, answer.label, code, field, null, null, null, status, latencyMs(ctx)));
    }
  }

  /** One item of a batch refused (the batch itself is answered 200). */
  void itemError(String platform, int status, String code) {
    count(Endpoint.EVENTS, platform, status, code);
  }

  private void count(Endpoint endpoint, String platform, int status, String code) {
    String key = endpoint.label + ' ' + platform + ' ' + status + ' ' + code;
    errors.computeIfAbsent(key, k -> metrics.counter("ctvgw.request.errors",
        "Error answers (and refused batch items), by endpoint, platform, status and code.",
        Tags.of("endpoint", endpoint.label, "platform", platform, "status", Integer.toString(status), "code", code)))
        .increment();
  }

  /** A request refused by the rate limit {@code limit} ({@code address}, {@code device}, {@code app}). */
  void rateLimited(String limit) {
    limited.computeIfAbsent(limit, l -> metrics.counter("ctvgw.rate.limited", "Requests refused 429 by each rate limit.",
        Tags.of("limit", l))).increment();
  }

  /** The platform label of a path's platform: a served profile id, else {@code unknown}. */
  String platform(String fromPath) {
    return fromPath != null && profiles.get().find(fromPath).isPresent() ? fromPath : UNKNOWN_PLATFORM;
  }
}
