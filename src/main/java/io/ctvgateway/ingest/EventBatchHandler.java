package io.ctvgateway.ingest;

import io.ctvgateway.install.Refusal;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/{platform}/events}: one device, up to {@code events.max_batch} events. The device fields are
 * checked once (a bad one rejects the batch: 4xx), and so is backpressure (503: nothing of the batch is
 * stored). Each event is then checked and admitted on its own, and the answer ({@code 200}) lists every item's
 * outcome in order: {@code accepted} or {@code duplicate} with a receipt, or {@code rejected} /
 * {@code unavailable} with the error. One bad item does not reject the others. The events are appended in
 * their order, so delivery keeps it.
 */
final class EventBatchHandler implements Handler<Exchange> {
  private static final Logger LOG = LoggerFactory.getLogger(EventBatchHandler.class);
  private final IngestContext context;

  EventBatchHandler(IngestContext context) {
    this.context = context;
  }

  @Override
  public void handle(Exchange ctx) {
    IngestContext.Received received = context.receive(ctx);
    DeviceProfile profile = received.profile();
    StrictJson.Parsed body = received.body();
    RequestParser.BatchRequest batch = RequestParser.batch(body.value(), context.kochava().maxBatchEvents());
    context.checkAccess(ctx, batch.device(), batch.items().size());
    Submission.Origin origin = context.origin(ctx, received);
    ResolvedDevice device = Submission.resolve(profile, origin, batch.device());
    // Every event of the batch counts: a batch is no way around the per-device limit.
    context.limits().device(Submission.orderKey(batch.device().appId(), origin.platform(), device, context.rules()),
        batch.items().size());
    Refusal refused = context.intake().refusal();
    if (refused != null) {
      ctx.fail(refused);
      return;
    }
    List<Future<JsonObject>> results = new ArrayList<>();
    for (RequestParser.BatchItem item : batch.items()) {
      results.add(item.error() != null ? Future.succeededFuture(refused(profile.id(), item.error()))
          : admit(profile.id(), device, origin, batch, item));
    }
    Future.join(results).onComplete(done -> {
      JsonArray answers = new JsonArray();
      for (int i = 0; i < results.size(); i++) {
        answers.add(results.get(i).result().put("index", i));
      }
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(new JsonObject().put("results", answers).encode());
      context.stats().answered(ctx, IngestStats.Endpoint.EVENTS, profile.id(), IngestStats.Answer.ACCEPTED);
    });
  }

  /** Never a failed future: a refused item is an item answer. */
  private Future<JsonObject> admit(String platform, ResolvedDevice device, Submission.Origin origin,
      RequestParser.BatchRequest batch, RequestParser.BatchItem item) {
    Submission submission;
    try {
      submission = Submission.prepare(device, origin, batch.device(), item.event(), context.rules());
    } catch (RuntimeException e) {
      return Future.succeededFuture(refused(platform, e));
    }
    return context.intake().admit(submission)
        .map(outcome -> {
          context.stats().admitted(true, platform, batch.device().appId(), outcome);
          return HttpAnswers.body(outcome, submission.warnings());
        })
        .otherwise(failure -> refused(platform, failure));
  }

  private JsonObject refused(String platform, Throwable failure) {
    ApiException error = HttpAnswers.error(failure);
    if (error == null) {
      LOG.error("event=internal_error endpoint=events cause={}", failure.toString());
      error = ApiException.unavailable("storage_unavailable",
          "the event could not be stored; nothing was kept, send it again later", 5);
    }
    context.stats().itemError(platform, error.status(), error.code());
    return HttpAnswers.refusedItem(error);
  }
}
