package io.ctvgateway.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * The one error body the gateway sends, from every port: {@code {"error":{"code","message","field"}}}, with a
 * stable code, a message that names the broken rule and the bad value, and the request field it is about
 * ({@code null} when none). Everything that answers an error builds it here.
 */
public final class ErrorBody {
  private ErrorBody() {}

  /** The inner object: {@code {"code","message","field"}} (a batch item's error is this alone). */
  public static JsonObject detail(String code, String message, String field) {
    return new JsonObject().put("code", code).put("message", message).put("field", field);
  }

  /** The whole body: {@code {"error":{...}}}. */
  public static JsonObject of(String code, String message, String field) {
    return new JsonObject().put("error", detail(code, message, field));
  }

  /**
   * Ends {@code response} with {@code status} and the error body, and {@code Retry-After} when
   * {@code retryAfterSeconds > 0}. Does nothing when the response has already ended. Completes when written.
   */
  public static Future<Void> send(HttpServerResponse response, int status, String code, String message, String field,
      int retryAfterSeconds) {
    return send(response, status, of(code, message, field), retryAfterSeconds);
  }

  /** As {@link #send(HttpServerResponse, int, String, String, String, int)}, with a body built by the caller. */
  public static Future<Void> send(HttpServerResponse response, int status, JsonObject body, int retryAfterSeconds) {
    if (response.ended()) {
      return Future.succeededFuture();
    }
    response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
    if (retryAfterSeconds > 0) {
      response.putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds));
    }
    return response.end(body.encode());
  }
}
