package io.ctvgateway.ingest;

import io.ctvgateway.install.Outcome;
import io.ctvgateway.install.Submission;
import io.ctvgateway.json.StrictJson;
import io.ctvgateway.profile.DeviceProfile;
import io.ctvgateway.profile.ResolvedDevice;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/{platform}/identity}: links the device to the app's own user ids (Kochava's IdentityLink). The
 * device fields as for an install, plus {@code identities}: up to ten name/value pairs. Each pair is admitted on
 * its own (journaled, delivered in the device's order, so after its install, retried like everything else,
 * de-duplicated per device, name and value) and answered in order: {@code 202} when one is new, {@code 200} when
 * all are duplicates, with {@code {"results":[{"name","status","receipt"}]}}. Values are never logged.
 */
final class IdentityHandler implements Handler<Exchange> {
  private final IngestContext context;

  IdentityHandler(IngestContext context) {
    this.context = context;
  }

  @Override
  public void handle(Exchange ctx) {
    IngestContext.Received received = context.receive(ctx);
    DeviceProfile profile = received.profile();
    StrictJson.Parsed body = received.body();
    RequestParser.IdentityRequest request = RequestParser.identity(body.value());
    context.checkAccess(ctx, request.device(), request.identities().size());
    Submission.Origin origin = context.origin(ctx, received);
    ResolvedDevice device = Submission.resolve(profile, origin, request.device());
    List<Submission> links = new ArrayList<>();
    for (Map.Entry<String, String> identity : request.identities().entrySet()) {
      links.add(Submission.identityLink(device, origin, request.device(), identity.getKey(), identity.getValue(),
          context.rules()));
    }
    context.limits().device(links.get(0).install().orderKey(), links.size());
    List<Future<Outcome>> admitted = new ArrayList<>();
    for (Submission link : links) {
      admitted.add(context.intake().admit(link)); // in order: the journal keeps it, delivery too
    }
    Future.all(admitted)
        .onSuccess(all -> {
          JsonArray results = new JsonArray();
          boolean anyNew = false;
          int i = 0;
          for (String name : request.identities().keySet()) {
            Outcome outcome = admitted.get(i++).result();
            anyNew |= outcome instanceof Outcome.Accepted;
            results.add(new JsonObject().put("name", name)
                .put("status", outcome instanceof Outcome.Accepted ? "accepted" : "duplicate")
                .put("receipt", outcome.receipt().toString()));
          }
          ctx.response().setStatusCode(anyNew ? 202 : 200).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
              .end(new JsonObject().put("results", results).encode());
        })
        .onFailure(ctx::fail);
  }
}
