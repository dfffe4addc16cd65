package io.ctvgateway.ingest;

import io.ctvgateway.http.ErrorBody;
import io.ctvgateway.install.AcceptedInstall;
import io.ctvgateway.install.AppAccess;
import io.ctvgateway.install.DeviceFields;
import io.ctvgateway.install.Submission;
import io.ctvgateway.json.StrictJson;
import io.ctvgateway.profile.DeviceProfile;
import io.ctvgateway.profile.ProfileRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * A dry run for operators and TV teams: what Kochava would receive for a request, parsed and prepared by the
 * very code ingest uses ({@link RequestParser}, {@link Submission}), with nothing claimed, stored or sent.
 * Served on the admin port.
 */
public final class Preview {

  /**
   * An HTTP answer: a status and its JSON body, and for a preview the Kochava body exactly as it would go on the
   * wire (the same bytes the journal keeps and delivery sends; a JSON re-encoding would differ, {@code \/} for
   * one). {@link #encode()} splices those bytes in as {@code upstream_body}.
   */
  public record Answer(int status, JsonObject body, String upstreamBody) {
    Answer(int status, JsonObject body) {
      this(status, body, null);
    }

    /** The answer's text: {@code body} with {@code "upstream_body": <the exact bytes>} first when there is one. */
    public String encode() {
      String rest = body.encode();
      if (upstreamBody == null) {
        return rest;
      }
      return "{\"upstream_body\":" + upstreamBody + (rest.equals("{}") ? "}" : "," + rest.substring(1));
    }
  }

  private Preview() {}

  /** The device a TV's install body describes: its prepared install (nothing stored), or the error answer. */
  public record Device(Submission submission, Answer error) {}

  /** For forgetting a device: its install as a TV with this install body would make it, or the error answer. */
  public static Device device(ProfileRegistry profiles, String platform, String contentType, Buffer body,
      Submission.Rules rules) {
    try {
      return new Device(prepare(profiles, null, platform, false, contentType, body, null, "0.0.0.0", rules), null);
    } catch (RuntimeException e) {
      return new Device(null, error(e));
    }
  }

  /**
   * @param event false: an install body; true: an event body
   * @param contentType the request's {@code Content-Type}, or null: when given, JSON in UTF-8 as on the TV port
   * @param headerUa the {@code User-Agent} the TV would send, or null
   * @param ip the TV's address to show as {@code origination_ip}
   */
  public static Answer of(ProfileRegistry profiles, AppAccess access, String platform, boolean event,
      String contentType, Buffer body, String headerUa, String ip, Submission.Rules rules) {
    Submission submission;
    try {
      submission = prepare(profiles, access, platform, event, contentType, body, headerUa, ip, rules);
    } catch (RuntimeException e) {
      return error(e);
    }
    AcceptedInstall install = submission.install();
    // The vocabulary of profiles' examples: ua_source as HEADER/TEMPLATE/..., install_key as type/value.
    JsonObject answer = new JsonObject()
        .put("upstream_body_text", install.body())
        .put("upstream_user_agent", install.userAgent())
        .put("ua_source", submission.device().uaSource().name())
        .put("install_key", submission.device().installKey().type() + "/" + submission.device().installKey().value())
        .put("ledger_key", install.ledgerKey() == null ? null : install.ledgerKey().hex())
        .put("signed", rules.kochava().app(install.appId()).signs());
    if (!submission.warnings().isEmpty()) {
      answer.put("warnings", HttpAnswers.warnings(submission.warnings()));
    }
    return new Answer(200, answer, install.body());
  }

  /** Parses and prepares as ingest does; {@code access} null skips the app registry (forgetting a device). */
  private static Submission prepare(ProfileRegistry profiles, AppAccess access, String platform, boolean event,
      String contentType, Buffer body, String headerUa, String ip, Submission.Rules rules) {
    DeviceProfile profile = IngestContext.profile(profiles, platform);
    if (contentType != null) {
      IngestContext.requireJson(contentType); // an operator's curl may leave it out; a wrong one is refused
    }
    StrictJson.Parsed json = StrictJson.parse(body == null ? null : body.getBytes());
    Submission.Origin origin = new Submission.Origin(platform, ip, headerUa, json.raw());
    if (event) {
      RequestParser.EventRequest request = RequestParser.event(json.value());
      access.checkApp(request.device().appId());
      return Submission.prepare(profile, origin, request.device(), request.event(), rules);
    }
    DeviceFields fields = RequestParser.install(json.value());
    if (access != null) {
      access.checkApp(fields.appId());
    }
    return Submission.prepare(profile, origin, fields, null, rules);
  }

  /** The error answer for a failure of parsing, profile or access; a bug is rethrown. */
  private static Answer error(RuntimeException e) {
    ApiException error = HttpAnswers.error(e);
    if (error == null) {
      throw e;
    }
    return new Answer(error.status(), ErrorBody.of(error.code(), error.getMessage(), error.field()));
  }
}
