package io.ctvgateway.ingest;

import io.ctvgateway.config.KochavaConfig;
import io.ctvgateway.install.Intake;
import io.ctvgateway.install.Submission;
import io.ctvgateway.profile.DeviceProfile;
import io.ctvgateway.profile.ProfileRegistry;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What every TV endpoint shares: its collaborators, and the three steps each request takes before its body
 * is parsed (the platform's profile, the JSON content type, where the request came from).
 */
record IngestContext(
    Supplier<ProfileRegistry> profiles,
    ClientAddress clientAddress,
    Intake intake,
    KochavaConfig kochava,
    Clock clock,
    IngestStats stats) {

  IngestContext {
    Objects.requireNonNull(profiles, "profiles");
    Objects.requireNonNull(clientAddress, "clientAddress");
    Objects.requireNonNull(intake, "intake");
    Objects.requireNonNull(kochava, "kochava");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(stats, "stats");
  }

  /** The profile of the path's platform, else 404 {@code unknown_platform} listing the known ones. */
  DeviceProfile profile(RoutingContext ctx) {
    return profile(profiles.get(), ctx.pathParam("platform"));
  }

  static DeviceProfile profile(ProfileRegistry registry, String platform) {
    return registry.find(platform).orElseThrow(() -> new ApiException(404, "unknown_platform", "platform",
        "no device profile '" + Fields.clip(platform) + "'; known platforms: "
            + String.join(", ", registry.ids().stream().sorted().toList())));
  }

  /** The client's address (after trusted proxies), its User-Agent header and the raw body. */
  Submission.Origin origin(RoutingContext ctx) {
    HttpServerRequest http = ctx.request();
    return new Submission.Origin(ctx.pathParam("platform"),
        clientAddress.resolve(http.remoteAddress().hostAddress(), http.getHeader("X-Forwarded-For")),
        http.getHeader(HttpHeaders.USER_AGENT), ctx.body().asString());
  }

  /** 415 unless the body is declared {@code application/json}. */
  static void requireJson(RoutingContext ctx) {
    String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    String mime = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!mime.equals("application/json")) {
      throw new ApiException(415, "unsupported_media_type", null,
          "Content-Type must be application/json, got " + (contentType == null ? "none" : "'" + Fields.clip(contentType) + "'"));
    }
  }
}
