package io.ctvgateway.ingest;

import io.ctvgateway.profile.DeviceProfile;
import io.ctvgateway.profile.ResolvedDevice;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/{platform}/events}: one device, up to {@code events.max_batch} events. The device fields are
 * checked once (a bad one rejects the batch: 4xx); each event is then checked and admitted on its own, and the
 * answer ({@code 200}) lists every item's outcome in order: {@code accepted} or {@code duplicate} with a
 * receipt, or {@code rejected} / {@code unavailable} with the error. One bad item does not reject the others.
 * The events are appended in their order, so delivery keeps it.
 */
final class EventBatchHandler implements Handler<RoutingContext> {
  private final Admission admission;

  EventBatchHandler(Admission admission) {
    this.admission = admission;
  }

  @Override
  public void handle(RoutingContext ctx) {
    DeviceProfile profile = InstallHandler.profile(admission.profiles().get(), ctx.pathParam("platform"));
    InstallHandler.requireJson(ctx.request());
    RequestParser.BatchRequest batch = RequestParser.batch(ctx.body().buffer(), admission.kochava().maxBatchEvents());
    Submission.Origin origin = InstallHandler.origin(ctx, admission.clientAddress());
    ResolvedDevice device = Submission.resolve(profile, origin, batch.device());
    admission.intake().ensureAccepting();
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
      Submission submission = Submission.prepare(device, origin, batch.device(), item.event(), admission.kochava(),
          admission.clock());
      return InstallHandler.admit(admission.intake(), submission)
          .map(answer -> {
            admission.stats().count(answer);
            return answer;
          })
          .recover(failure -> Future.succeededFuture(failure instanceof ApiException e ? refused(e)
              : refused(ApiException.unavailable("storage_unavailable", "the event could not be stored", 5))));
    } catch (ApiException e) {
      return Future.succeededFuture(refused(e));
    }
  }

  private JsonObject refused(ApiException error) {
    admission.stats().error(error.status(), error.code());
    return new JsonObject()
        .put("status", error.status() >= 500 ? "unavailable" : "rejected")
        .put("error", new JsonObject()
            .put("code", error.code())
            .put("message", error.getMessage())
            .put("field", error.field()));
  }
}
