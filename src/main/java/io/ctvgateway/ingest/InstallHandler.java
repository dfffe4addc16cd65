package io.ctvgateway.ingest;

import io.ctvgateway.install.DeviceFields;
import io.ctvgateway.install.Submission;
import io.ctvgateway.json.StrictJson;
import io.ctvgateway.profile.DeviceProfile;
import io.vertx.core.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/{platform}/install}: body to typed fields, the profile resolves the device, the submission
 * is prepared and admitted. Answers 202 accepted or 200 duplicate; every failure goes to {@link FailureHandler}.
 */
final class InstallHandler implements Handler<Exchange> {
  private static final Logger LOG = LoggerFactory.getLogger(InstallHandler.class);

  private final IngestContext context;

  InstallHandler(IngestContext context) {
    this.context = context;
  }

  @Override
  public void handle(Exchange ctx) {
    IngestContext.Received received = context.receive(ctx);
    DeviceProfile profile = received.profile();
    StrictJson.Parsed body = received.body();
    DeviceFields fields = RequestParser.install(body.value());
    context.checkAccess(ctx, fields, 1);
    Submission submission = Submission.prepare(profile, context.origin(ctx, received), fields, null, context.rules());
    context.admit(ctx, IngestStats.Endpoint.INSTALL, profile.id(), false, submission, outcome -> {
      if (LOG.isDebugEnabled()) { // its arguments cost on every install otherwise
        LOG.debug("event=install_{} platform={} app={} receipt={} key={} ua_source={}",
            outcome.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT), profile.id(),
            submission.install().appId(), outcome.receipt(), submission.install().orderKey().hex().substring(0, 12),
            submission.device().uaSource());
      }
      HttpAnswers.send(ctx, outcome, submission.warnings());
    });
  }
}
