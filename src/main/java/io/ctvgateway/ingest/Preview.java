package io.ctvgateway.ingest;

import io.ctvgateway.config.KochavaConfig;
import io.ctvgateway.kochava.UpstreamRequest;
import io.ctvgateway.profile.ProfileRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.Locale;

/**
 * A dry run of admission for operators and TV teams: what Kochava would receive for a request, built by the
 * very code ingest uses ({@link Submission}), with nothing claimed, stored or sent. Served on the admin port.
 */
public final class Preview {

  /** An HTTP answer: a status and its JSON body. */
  public record Answer(int status, JsonObject body) {}

  private Preview() {}

  /**
   * @param event false: an install body; true: an event body
   * @param headerUa the {@code User-Agent} the TV would send, or null
   * @param ip the TV's address to show as {@code origination_ip}
   */
  public static Answer of(ProfileRegistry profiles, String platform, boolean event, Buffer body, String headerUa,
      String ip, KochavaConfig kochava, Clock clock) {
    try {
      Submission.Origin origin = new Submission.Origin(platform, ip, headerUa, body.toString());
      var profile = InstallHandler.profile(profiles, platform);
      Submission submission;
      if (event) {
        RequestParser.EventRequest request = RequestParser.event(body);
        submission = Submission.prepare(profile, origin, request.device(), request.event(), kochava, clock);
      } else {
        submission = Submission.prepare(profile, origin, RequestParser.install(body), null, kochava, clock);
      }
      UpstreamRequest upstream = submission.request();
      JsonObject answer = new JsonObject()
          .put("upstream_body", new JsonObject(upstream.body()))
          .put("upstream_user_agent", upstream.userAgent())
          .put("ua_source", submission.device().uaSource().name().toLowerCase(Locale.ROOT))
          .put("install_key", submission.device().installKey().type())
          .put("ledger_key", upstream.ledgerKey())
          .put("signed", kochava.app(upstream.appId()).signs());
      if (!submission.warnings().isEmpty()) {
        answer.put("warnings", submission.warnings());
      }
      return new Answer(200, answer);
    } catch (ApiException e) {
      return new Answer(e.status(), new JsonObject().put("error", new JsonObject()
          .put("code", e.code()).put("message", e.getMessage()).put("field", e.field())));
    }
  }
}
