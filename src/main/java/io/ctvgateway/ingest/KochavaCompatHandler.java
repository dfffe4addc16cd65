package io.ctvgateway.ingest;

import io.ctvgateway.install.DeviceFields;
import io.ctvgateway.install.EventFields;
import io.ctvgateway.install.Submission;
import io.ctvgateway.json.StrictJson;
import io.ctvgateway.profile.DeviceProfile;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import java.util.regex.Pattern;

/**
 * {@code POST /kochava/{platform}/track/json}: an install or event in Kochava's own S2S shape (what a team's
 * server sends to Kochava today), mapped by {@link KochavaShape} through the platform's profile and taken exactly
 * as {@code /v1/{platform}/install} or {@code /event} would take it: de-duplicated, journaled, delivered. Answers
 * as Kochava does, {@code 200 {"success":"1"}} (a duplicate too: the sender's retry is done); errors carry
 * {@code "success":"0"} beside the gateway's error body. The TV's address is {@code data.origination_ip} when the
 * sender gives it (the sender is a server), else the connection's.
 */
final class KochavaCompatHandler implements Handler<Exchange> {
  private static final Pattern IP = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
  private final IngestContext context;
  private final boolean webSdk;

  /** @param webSdk the Web SDK's envelope (sent by the TV itself); false: Kochava's S2S shape (sent by a server) */
  KochavaCompatHandler(IngestContext context, boolean webSdk) {
    this.context = context;
    this.webSdk = webSdk;
  }

  @Override
  public void handle(Exchange ctx) {
    IngestContext.Received received = context.receive(ctx);
    DeviceProfile profile = received.profile();
    StrictJson.Parsed body = received.body();
    KochavaShape.Mapped mapped = webSdk ? KochavaShape.webSdk(body.value(), profile)
        : KochavaShape.s2s(body.value(), profile);
    DeviceFields device;
    EventFields event = null;
    if (mapped.event()) {
      RequestParser.EventRequest request = RequestParser.event(mapped.request());
      device = request.device();
      event = request.event();
    } else {
      device = RequestParser.install(mapped.request());
    }
    context.checkAccess(ctx, device, 1);
    String ip = mapped.originationIp();
    if (ip != null && !IP.matcher(ip).matches()) {
      throw ApiException.badRequest("invalid_format", "data.origination_ip", "data.origination_ip must be an IPv4 or"
          + " IPv6 address, got '" + Fields.clip(ip) + "'");
    }
    // The Web SDK runs on the TV: its request's address and User-Agent are the device's. An S2S sender is a server.
    Submission.Origin origin = webSdk ? context.origin(ctx, received)
        : new Submission.Origin(profile.id(), ip != null ? ip : received.address(), null, body.raw());
    Submission submission = Submission.prepare(profile, origin, device, event, context.rules());
    context.admit(ctx, webSdk ? IngestStats.Endpoint.KOCHAVA_WEB_SDK : IngestStats.Endpoint.KOCHAVA_S2S, profile.id(),
        mapped.event(), submission, outcome -> ctx.response().setStatusCode(200)
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end("{\"success\":\"1\"}"));
  }
}
