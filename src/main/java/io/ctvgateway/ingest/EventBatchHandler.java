package io.ctvgateway.ingest;

import io.ctvgateway.config.KochavaConfig;
import io.ctvgateway.profile.DeviceProfile;
import io.ctvgateway.profile.ProfileRegistry;
import io.ctvgateway.profile.ResolvedDevice;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code POST /v1/{platform}/events}: one device, up to {@code events.max_batch} events. The device fields are
 * checked once (a bad one rejects the batch: 4xx); each event is then checked and admitted on its own, and the
 * answer ({@code 200}) lists every item's outcome in order: {@code accepted} or {@code duplicate} with a
 * receipt, or {@code rejected} / {@code unavailable} with the error. One bad item does not reject the others.
 * The events are appended in their order, so delivery keeps it.
 */
final class EventBatchHandler implements Handler<RoutingContext> {
  private final Supplier<ProfileRegistry> profiles;
  private final ClientAddress clientAddress;
  private final Intake intake;
  private final KochavaConfig kochava;
  private final Clock clock;
  private final IngestStats stats;

  EventBatchHandler(Supplier<ProfileRegistry> profiles, ClientAddress clientAddress, Intake intake,
      KochavaConfig kochava, Clock clock, IngestStats stats) {
    this.profiles = profiles;
    this.clientAddress = clientAddress;
    this.intake = intake;
    this.kochava = kochava;
    this.clock = clock;
    this.stats = stats;
  }

  @Override
  public void handle(RoutingContext ctx) {
    DeviceProfile profile = InstallHandler.profile(profiles.get(), ctx.pathParam("platform"));
    InstallHandler.requireJson(ctx.request());
    RequestParser.BatchRequest batch = RequestParser.batch(ctx.body().buffer(), kochava.maxBatchEvents());
    Submission.Origin origin = InstallHandler.origin(ctx, clientAddress);
    ResolvedDevice device = Submission.resolve(profile, origin, batch.device());
    intake.ensureAccepting();
    List<Future<JsonObject>> results = new ArrayList<>();
    for (RequestParser.BatchItem item : batch.items()) {
      results.add(item.error() != null ? Future.succeededFuture(refused(item.error())) : admit(device, origin, batch, item));
    }
    Future.join(results).onComplete(done -> {
      JsonArray answers = new JsonArray();
      for (int i = 0; i < results.size(); i++) {
        answers.add(results.get(i).result().put("index", i));
      }
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(new JsonObject().put("results", answers).encode());
    });
  }

  private Future<JsonObject> admit(ResolvedDevice device, Submission.Origin origin, RequestParser.BatchRequest batch,
      RequestParser.BatchItem item) {
    try {
      Submission submission = Submission.prepare(device, origin, batch.device(), item.event(), kochava, clock);
      return InstallHandler.admit(intake, submission)
          .map(answer -> {
            stats.count(answer);
            return answer;
          })
          .recover(failure -> Future.succeededFuture(failure instanceof ApiException e ? refused(e)
              : refused(ApiException.unavailable("storage_unavailable", "the event could not be stored", 5))));
    } catch (ApiException e) {
      return Future.succeededFuture(refused(e));
    }
  }

  private JsonObject refused(ApiException error) {
    stats.error(error.status(), error.code());
    return new JsonObject()
        .put("status", error.status() >= 500 ? "unavailable" : "rejected")
        .put("error", new JsonObject()
            .put("code", error.code())
            .put("message", error.getMessage())
            .put("field", error.field()));
  }
}
