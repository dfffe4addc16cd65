package io.ctvgateway.ingest;

import io.ctvgateway.dedupe.LedgerKey;
import io.ctvgateway.dedupe.Receipt;
import io.ctvgateway.kochava.Install;
import io.ctvgateway.kochava.InstallPayload;
import io.ctvgateway.kochava.UpstreamRequest;
import io.ctvgateway.profile.DeviceProfile;
import io.ctvgateway.profile.DeviceRequest;
import io.ctvgateway.profile.InvalidDeviceException;
import io.ctvgateway.profile.ProfileRegistry;
import io.ctvgateway.profile.ResolvedDevice;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/{platform}/install}: body to {@link InstallRequest}, profile to {@link ResolvedDevice}, then
 * the Kochava payload (built here, once) handed to {@link Intake}. Answers 202 accepted or 200 duplicate;
 * everything else goes to {@link FailureHandler} as an exception.
 */
final class InstallHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(InstallHandler.class);

  private final Supplier<ProfileRegistry> profiles;
  private final ClientAddress clientAddress;
  private final Intake intake;
  private final Clock clock;

  InstallHandler(Supplier<ProfileRegistry> profiles, ClientAddress clientAddress, Intake intake, Clock clock) {
    this.profiles = profiles;
    this.clientAddress = clientAddress;
    this.intake = intake;
    this.clock = clock;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String platform = ctx.pathParam("platform");
    ProfileRegistry registry = profiles.get();
    DeviceProfile profile = registry.find(platform).orElseThrow(() -> new ApiException(404, "unknown_platform",
        "platform", "no device profile '" + Fields.clip(platform) + "'; known platforms: "
            + String.join(", ", registry.ids().stream().sorted().toList())));
    requireJson(ctx.request());
    InstallRequest request = InstallRequestParser.parse(ctx.body().buffer());
    HttpServerRequest http = ctx.request();
    String ip = clientAddress.resolve(http.remoteAddress().hostAddress(), http.getHeader("X-Forwarded-For"));
    ResolvedDevice device;
    try {
      device = profile.resolve(new DeviceRequest(request.ids(), request.lat(), request.osVersion(), request.model(),
          request.deviceUa(), http.getHeader(HttpHeaders.USER_AGENT), null));
    } catch (InvalidDeviceException e) {
      throw ApiException.badRequest(e.code(), e.field(), e.getMessage());
    }
    LedgerKey key = LedgerKey.of(request.appId(), platform, device.installKey());
    Receipt receipt = Receipt.next(clock);
    Install install = new Install(
        request.appId(),
        request.appVersion(),
        request.kochavaDeviceId() != null ? request.kochavaDeviceId() : derivedDeviceId(key),
        request.usertime() != null ? request.usertime() : clock.millis() / 1000,
        ip,
        device,
        request.data());
    UpstreamRequest upstream = new UpstreamRequest(receipt.toString(), platform, request.appId(), clock.millis(),
        InstallPayload.body(install).encode(), InstallPayload.userAgent(device), ctx.body().asString());
    intake.submit(key, receipt, upstream)
        .onSuccess(outcome -> {
          LOG.debug("event=install_{} platform={} app={} receipt={} key={} ua_source={}",
              outcome.accepted() ? "accepted" : "duplicate", platform, request.appId(), outcome.receipt(),
              key.hex().substring(0, 12), device.uaSource());
          ctx.response()
              .setStatusCode(outcome.accepted() ? 202 : 200)
              .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
              .end(new JsonObject()
                  .put("status", outcome.accepted() ? "accepted" : "duplicate")
                  .put("receipt", outcome.receipt().toString())
                  .encode());
        })
        .onFailure(ctx::fail);
  }

  /**
   * Kochava wants one consistent id per app instance; derived from the install key, so a retry, a restart or
   * another gateway all send the same one.
   */
  static String derivedDeviceId(LedgerKey key) {
    return "KG" + key.hex();
  }

  private static void requireJson(HttpServerRequest request) {
    String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
    String mime = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!mime.equals("application/json")) {
      throw new ApiException(415, "unsupported_media_type", null,
          "Content-Type must be application/json, got " + (contentType == null ? "none" : "'" + Fields.clip(contentType) + "'"));
    }
  }
}
