package io.ctvgateway.ingest;

import io.ctvgateway.install.DeviceFields;
import io.ctvgateway.install.Submission;
import io.ctvgateway.json.StrictJson;
import io.ctvgateway.json.Utf8Text;
import io.ctvgateway.profile.DeviceProfile;
import io.vertx.core.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/{platform}/install}: body to typed fields (from its tokens, {@link InstallReader}), the profile
 * resolves the device, the submission is prepared and admitted. Answers 202 accepted or 200 duplicate; every failure
 * goes to {@link FailureHandler}.
 */
final class InstallHandler implements Handler<Exchange> {
  private static final Logger LOG = LoggerFactory.getLogger(InstallHandler.class);

  private final IngestContext context;

  InstallHandler(IngestContext context) {
    this.context = context;
  }

  @Override
  public void handle(Exchange ctx) {
    IngestContext.Received received = context.receiveUnread(ctx);
    DeviceProfile profile = received.profile();
    // The common body is read from its tokens (InstallReader); any other, and every JSON or type error, takes the
    // tree. Both read an ASCII body's text as its bytes.
    DeviceFields fields = InstallReader.read(ctx.body);
    Utf8Text raw;
    if (fields != null) {
      raw = Utf8Text.wrap(ctx.body);
    } else {
      StrictJson.Parsed body = StrictJson.parse(ctx.body);
      fields = RequestParser.install(body.value());
      raw = body.raw();
    }
    context.checkAccess(ctx, fields, 1);
    Submission submission = Submission.prepare(profile, context.origin(ctx, received.address(), raw), fields, null,
        context.rules());
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
