package io.ctvgateway.ingest;

import io.ctvgateway.http.ErrorBody;
import io.ctvgateway.install.AccessDenied;
import io.ctvgateway.install.Outcome;
import io.ctvgateway.install.Refusal;
import io.ctvgateway.install.Warning;
import io.ctvgateway.json.JsonRejected;
import io.ctvgateway.profile.InvalidDeviceException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The one place where admission's answers become HTTP: an {@link Outcome} is {@code 202 accepted} or
 * {@code 200 duplicate} with its receipt; a {@link Refusal} is {@code 503} with {@code Retry-After}; a broken
 * profile rule ({@link InvalidDeviceException}) is a {@code 400} naming the field. Batches answer per item with
 * the same vocabulary.
 */
final class HttpAnswers {
  private HttpAnswers() {}

  /** The HTTP error for a failure of parsing, profile resolution or admission; null when it is a bug. */
  static ApiException error(Throwable failure) {
    if (failure instanceof ApiException api) {
      return api;
    }
    if (failure instanceof Refusal refusal) {
      return ApiException.unavailable(refusal.code(), refusal.getMessage(), refusal.retryAfterSeconds());
    }
    if (failure instanceof AccessDenied denied) {
      return new ApiException(denied.reason() == AccessDenied.Reason.UNKNOWN_APP ? 403 : 401, denied.code(),
          denied.field(), denied.getMessage());
    }
    if (failure instanceof JsonRejected rejected) {
      return ApiException.badRequest(rejected.code(), rejected.field(), rejected.getMessage());
    }
    if (failure instanceof InvalidDeviceException invalid) {
      return ApiException.badRequest(invalid.code(), invalid.field(), invalid.getMessage());
    }
    return null;
  }

  /** {@code {"status","receipt"}} and {@code warnings} when there are any. */
  static JsonObject body(Outcome outcome, List<Warning> warnings) {
    JsonObject answer = new JsonObject()
        .put("status", outcome instanceof Outcome.Accepted ? "accepted" : "duplicate")
        .put("receipt", outcome.receipt().toString());
    if (!warnings.isEmpty()) {
      answer.put("warnings", warnings(warnings));
    }
    return answer;
  }

  /** Warnings in the error body's shape: {@code [{"code","message","field"}]}. */
  static JsonArray warnings(List<Warning> warnings) {
    JsonArray list = new JsonArray();
    warnings.forEach(w -> list.add(ErrorBody.detail(w.code(), w.message(), w.field())));
    return list;
  }

  /** 202 for an accepted install (it is durable), 200 for a duplicate (weak clients stop on any 2xx). */
  static void send(Exchange ctx, Outcome outcome, List<Warning> warnings) {
    ctx.response()
        .setStatusCode(outcome instanceof Outcome.Accepted ? 202 : 200)
        .putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
        .end(encoded(outcome, warnings));
  }

  /**
   * {@link #body} as text. Every answer but a warned one is written without a JSON tree, the same bytes as
   * {@code body(...).encode()} (a receipt is 26 Crockford base-32 characters: nothing to escape).
   */
  static String encoded(Outcome outcome, List<Warning> warnings) {
    if (warnings.isEmpty()) {
      return (outcome instanceof Outcome.Accepted ? ACCEPTED : DUPLICATE) + outcome.receipt() + "\"}";
    }
    return body(outcome, warnings).encode();
  }

  private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");
  private static final String ACCEPTED = "{\"status\":\"accepted\",\"receipt\":\"";
  private static final String DUPLICATE = "{\"status\":\"duplicate\",\"receipt\":\"";

  /** A batch item that was not admitted: {@code rejected} (4xx) or {@code unavailable} (try again), and why. */
  static JsonObject refusedItem(ApiException error) {
    return new JsonObject()
        .put("status", error.status() >= 500 ? "unavailable" : "rejected")
        .put("error", ErrorBody.detail(error.code(), error.getMessage(), error.field()));
  }
}
