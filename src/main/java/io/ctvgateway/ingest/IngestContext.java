package io.ctvgateway.ingest;

import io.ctvgateway.config.KochavaConfig;
import io.ctvgateway.install.AppAccess;
import io.ctvgateway.install.DeviceFields;
import io.ctvgateway.install.Intake;
import io.ctvgateway.install.Outcome;
import io.ctvgateway.install.Submission;
import io.ctvgateway.json.StrictJson;
import io.ctvgateway.json.Utf8Text;
import io.ctvgateway.profile.DeviceProfile;
import io.ctvgateway.profile.ProfileRegistry;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What every TV endpoint shares: its collaborators, and the steps each request takes before its fields are
 * read (the platform's profile, the body as strict UTF-8 JSON, where the request came from).
 */
record IngestContext(
    Supplier<ProfileRegistry> profiles,
    ClientAddress clientAddress,
    AppAccess access,
    EdgeLimits limits,
    Intake intake,
    Submission.Rules rules,
    IngestStats stats) {

  IngestContext {
    Objects.requireNonNull(profiles, "profiles");
    Objects.requireNonNull(clientAddress, "clientAddress");
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(intake, "intake");
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(stats, "stats");
  }

  KochavaConfig kochava() {
    return rules.kochava();
  }

  /**
   * The platform's profile, the request's body and the client's address (after trusted proxies: resolved once, its
   * rate checked, then kept for the record), as every ingest endpoint starts.
   */
  record Received(DeviceProfile profile, StrictJson.Parsed body, String address) {}

  /**
   * What every ingest endpoint does first, in this order: counts the request, checks the address's rate (429),
   * finds the platform's profile (404) and reads the body (415, 400).
   */
  Received receive(Exchange ctx) {
    return receive(ctx, true);
  }

  /**
   * {@link #receive} but for the body's parse: its content type is checked (415), its bytes are left for the
   * endpoint to read ({@link InstallReader}); {@link Received#body()} is null.
   */
  Received receiveUnread(Exchange ctx) {
    return receive(ctx, false);
  }

  private Received receive(Exchange ctx, boolean parse) {
    IngestStats.started(ctx);
    stats.bodyIn(ctx);
    String address = address(ctx);
    limits.address(address);
    DeviceProfile profile = profile(ctx);
    requireJson(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
    return new Received(profile, parse ? StrictJson.parse(ctx.body) : null, address);
  }

  /** The profile of the path's platform, else 404 {@code unknown_platform} listing the known ones. */
  DeviceProfile profile(Exchange ctx) {
    return profile(profiles.get(), ctx.platform());
  }

  static DeviceProfile profile(ProfileRegistry registry, String platform) {
    return registry.find(platform).orElseThrow(() -> new ApiException(404, "unknown_platform", "platform",
        "no device profile '" + Fields.clip(platform) + "'; known platforms: "
            + String.join(", ", registry.ids().stream().sorted().toList())));
  }

  /**
   * 403 unless the app is served; 401 unless the request shows one of its client keys, if it has keys; 429 past
   * the app's rate ({@code cost}: the events of a batch).
   */
  void checkAccess(Exchange ctx, DeviceFields fields, long cost) {
    String header = ctx.request().getHeader(AppAccess.KEY_HEADER);
    access.check(fields.appId(), header != null ? header : fields.clientKey());
    limits.app(fields.appId(), cost);
  }

  /** The client's address, after trusted proxies. */
  String address(Exchange ctx) {
    HttpServerRequest http = ctx.request();
    // The connection's own address: the router's request wrapper would run its Forwarded-header parser (and
    // build its strings) on every request, for a setting (allowForward) the gateway leaves off; X-Forwarded-For is
    // read here, from trusted proxies only.
    return clientAddress.resolve(http.connection().remoteAddress().hostAddress(), http.getHeader("X-Forwarded-For"));
  }

  /**
   * The longest {@code User-Agent} header taken as the device's UA (the body's {@code device_ua} has the same
   * bound). Real TV user agents are under 300 characters; a longer header is not a TV's, and would be stored and
   * forwarded (an 8 KB header made a 32 KB journal record), so it is ignored and the UA synthesised instead.
   */
  static final int MAX_HEADER_UA = 1024;

  /**
   * How every single-record endpoint ends: the device's rate, admission, then, once admitted, the outcome
   * counted (an install or an event), {@code answer} writes the response, and the answer is timed; a refusal goes
   * to the failure handler.
   */
  void admit(Exchange ctx, IngestStats.Endpoint endpoint, String platform, boolean event, Submission submission,
      Consumer<Outcome> answer) {
    limits.device(submission.install().orderKey(), 1);
    intake.admit(submission).onComplete(admitted -> { // one listener, not onSuccess and onFailure
      if (admitted.failed()) {
        ctx.fail(admitted.cause());
        return;
      }
      Outcome outcome = admitted.result();
      stats.admitted(event, platform, submission.install().appId(), outcome);
      answer.accept(outcome);
      stats.answered(ctx, endpoint, platform, outcome, submission, ctx.response().getStatusCode());
    });
  }

  /** The client's address (after trusted proxies), its User-Agent header (if plausible) and the body's bytes. */
  Submission.Origin origin(Exchange ctx, Received received) {
    return origin(ctx, received.address(), received.body().raw());
  }

  Submission.Origin origin(Exchange ctx, String address, Utf8Text body) {
    String ua = ctx.request().getHeader(HttpHeaders.USER_AGENT);
    return new Submission.Origin(ctx.platform(), address, ua == null || ua.length() > MAX_HEADER_UA ? null : ua, body);
  }

  /**
   * The body must be declared {@code application/json} (415 otherwise) in UTF-8 (RFC 8259; a {@code charset} other
   * than UTF-8 is 415 too: decoding with it would store and forward something else than was sent), and read
   * strictly ({@link StrictJson}: 400 for what it refuses), by {@link #receive} or the install reader.
   */
  static void requireJson(String contentType) {
    if ("application/json".equalsIgnoreCase(contentType)) {
      return; // what nearly every client sends: nothing to split
    }
    String[] parts = contentType == null ? new String[] {""} : contentType.split(";");
    String mime = parts[0].trim().toLowerCase(Locale.ROOT);
    if (!mime.equals("application/json")) {
      throw new ApiException(415, "unsupported_media_type", null,
          "Content-Type must be application/json, got " + (contentType == null ? "none" : "'" + Fields.clip(contentType) + "'"));
    }
    for (int i = 1; i < parts.length; i++) {
      String[] parameter = parts[i].split("=", 2);
      if (parameter[0].trim().equalsIgnoreCase("charset")) {
        String charset = parameter.length < 2 ? "" : parameter[1].trim().replace("\"", "");
        if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
          throw new ApiException(415, "unsupported_charset", null,
              "JSON bodies must be UTF-8, got charset=" + Fields.clip(charset));
        }
      }
    }
  }
}
