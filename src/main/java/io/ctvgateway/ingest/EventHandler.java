package io.ctvgateway.ingest;

import io.ctvgateway.install.Submission;
import io.ctvgateway.json.StrictJson;
import io.ctvgateway.profile.DeviceProfile;
import io.vertx.core.Handler;

/**
 * {@code POST /v1/{platform}/event}: the device fields and one event. The device is resolved from the event's
 * own fields by the same profile code as an install, so the same fields give the same ids, UA and
 * {@code kochava_device_id}. Answers 202 accepted or 200 duplicate (a repeated {@code event_id}).
 */
final class EventHandler implements Handler<Exchange> {
  private final IngestContext context;

  EventHandler(IngestContext context) {
    this.context = context;
  }

  @Override
  public void handle(Exchange ctx) {
    IngestContext.Received received = context.receive(ctx);
    DeviceProfile profile = received.profile();
    StrictJson.Parsed body = received.body();
    RequestParser.EventRequest event = RequestParser.event(body.value());
    context.checkAccess(ctx, event.device(), 1);
    Submission submission = Submission.prepare(profile, context.origin(ctx, received), event.device(), event.event(),
        context.rules());
    context.admit(ctx, IngestStats.Endpoint.EVENT, profile.id(), true, submission,
        outcome -> HttpAnswers.send(ctx, outcome, submission.warnings()));
  }
}
