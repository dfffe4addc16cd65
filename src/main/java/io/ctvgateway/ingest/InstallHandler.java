package io.ctvgateway.ingest;

import io.ctvgateway.profile.DeviceProfile;
import io.ctvgateway.profile.ProfileRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/{platform}/install} and {@code POST /v1/{platform}/event}: body to typed fields, profile to
 * device, the Kochava payload built once ({@link Submission}), then {@link Intake}. Answers 202 accepted or
 * 200 duplicate; failures go to {@link FailureHandler} as exceptions.
 */
final class InstallHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(InstallHandler.class);

  /** Which endpoint this instance serves. */
  enum Kind { INSTALL, EVENT }

  private final Kind kind;
  private final Admission admission;

  InstallHandler(Kind kind, Admission admission) {
    this.kind = kind;
    this.admission = admission;
  }

  @Override
  public void handle(RoutingContext ctx) {
    DeviceProfile profile = profile(admission.profiles().get(), ctx.pathParam("platform"));
    requireJson(ctx.request());
    Buffer body = ctx.body().buffer();
    Submission submission;
    if (kind == Kind.INSTALL) {
      submission = Submission.prepare(profile, origin(ctx, admission.clientAddress()), RequestParser.install(body), null,
          admission.kochava(), admission.clock());
    } else {
      RequestParser.EventRequest event = RequestParser.event(body);
      submission = Submission.prepare(profile, origin(ctx, admission.clientAddress()), event.device(), event.event(),
          admission.kochava(), admission.clock());
    }
    admit(admission.intake(), submission)
        .onSuccess(answer -> {
          admission.stats().count(answer);
          LOG.debug("event={}_{} platform={} app={} receipt={} key={} ua_source={}", kind.name().toLowerCase(Locale.ROOT),
              answer.getString("status"), profile.id(), submission.request().appId(), answer.getString("receipt"),
              submission.request().orderKey().substring(0, 12), submission.device().uaSource());
          ctx.response()
              .setStatusCode("accepted".equals(answer.getString("status")) ? 202 : 200)
              .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
              .end(answer.encode());
        })
        .onFailure(ctx::fail);
  }

  /** Admits a prepared submission; the answer body: status, receipt, and warnings when there are any. */
  static Future<JsonObject> admit(Intake intake, Submission submission) {
    return intake.submit(submission.key(), submission.receipt(), submission.request())
        .map(outcome -> {
          JsonObject answer = new JsonObject()
              .put("status", outcome.accepted() ? "accepted" : "duplicate")
              .put("receipt", outcome.receipt().toString());
          if (!submission.warnings().isEmpty()) {
            answer.put("warnings", submission.warnings());
          }
          return answer;
        });
  }

  static DeviceProfile profile(ProfileRegistry registry, String platform) {
    return registry.find(platform).orElseThrow(() -> new ApiException(404, "unknown_platform", "platform",
        "no device profile '" + Fields.clip(platform) + "'; known platforms: "
            + String.join(", ", registry.ids().stream().sorted().toList())));
  }

  static Submission.Origin origin(RoutingContext ctx, ClientAddress clientAddress) {
    HttpServerRequest http = ctx.request();
    return new Submission.Origin(ctx.pathParam("platform"),
        clientAddress.resolve(http.remoteAddress().hostAddress(), http.getHeader("X-Forwarded-For")),
        http.getHeader(HttpHeaders.USER_AGENT), ctx.body().asString());
  }

  static void requireJson(HttpServerRequest request) {
    String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
    String mime = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!mime.equals("application/json")) {
      throw new ApiException(415, "unsupported_media_type", null,
          "Content-Type must be application/json, got " + (contentType == null ? "none" : "'" + Fields.clip(contentType) + "'"));
    }
  }
}
