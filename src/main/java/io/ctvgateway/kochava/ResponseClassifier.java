package io.ctvgateway.kochava;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/**
 * Maps Kochava's answer to a {@link Verdict}. Kochava acknowledges with HTTP 200 and a body such as
 * {@code {"success":"1"}} ({@code "1"}, {@code 1} and {@code true} all occur). A 200 whose JSON says
 * otherwise was refused (invalid); a 200 whose body is not JSON at all came from something between us and
 * Kochava (a captive proxy, a load balancer page) and is retried. A redirect is never followed (the POST
 * would become a body-less GET that "delivers" nothing): it means the upstream URL is wrong, so it is
 * {@link Verdict#MISCONFIGURED}: kept, retried slowly and alarmed, never counted delivered.
 */
final class ResponseClassifier {
  private ResponseClassifier() {}

  static Verdict classify(int status, Buffer body) {
    if (status == 200) {
      return successFlag(body);
    }
    if (status == 401 || status == 403 || (status >= 300 && status < 400)) {
      return Verdict.MISCONFIGURED;
    }
    if (status == 429) {
      return Verdict.THROTTLED;
    }
    if (status == 408 || status >= 500 || status < 200) {
      return Verdict.RETRY;
    }
    if (status >= 400) {
      return Verdict.INVALID;
    }
    // 2xx other than 200: not Kochava's contract; do not call it delivered.
    return Verdict.RETRY;
  }

  /** Kochava's answer to an accepted install, byte for byte: recognised without a JSON parse per delivery. */
  private static final byte[] SUCCESS = "{\"success\":\"1\"}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private static Verdict successFlag(Buffer body) {
    if (body != null && body.length() == SUCCESS.length && java.util.Arrays.equals(body.getBytes(), SUCCESS)) {
      return Verdict.DELIVERED;
    }
    Object json;
    try {
      json = body == null || body.length() == 0 ? null : Json.decodeValue(body);
    } catch (DecodeException e) {
      return Verdict.RETRY;
    }
    if (!(json instanceof JsonObject)) {
      return Verdict.RETRY;
    }
    Object success = ((JsonObject) json).getValue("success");
    if (success == null) {
      return Verdict.RETRY;
    }
    String flag = String.valueOf(success).trim();
    return flag.equals("1") || flag.equalsIgnoreCase("true") ? Verdict.DELIVERED : Verdict.INVALID;
  }

  /** {@code Retry-After} in seconds (delta form); null when absent or an HTTP date we don't trust. */
  static Long retryAfterMillis(String header) {
    if (header == null) {
      return null;
    }
    try {
      long seconds = Long.parseLong(header.trim());
      return seconds < 0 ? null : Math.min(seconds, 3600) * 1000;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
