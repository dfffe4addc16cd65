package io.ctvgateway.kochava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponseClassifierTest {
  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "200 | {\"success\":\"1\"}          | DELIVERED",
      "200 | {\"success\":1}              | DELIVERED",
      "200 | {\"success\":true}           | DELIVERED",
      "200 | {\"success\":\"0\",\"error\":\"bad app\"} | INVALID",
      "200 | <html>captive portal</html>  | RETRY",
      "200 | ''                           | RETRY",
      "200 | {\"ok\":1}                   | RETRY",
      "204 | ''                           | RETRY",
      "301 | ''                           | MISCONFIGURED",
      "302 | ''                           | MISCONFIGURED",
      "303 | ''                           | MISCONFIGURED",
      "307 | ''                           | MISCONFIGURED",
      "308 | ''                           | MISCONFIGURED",
      "400 | {\"error\":\"bad json\"}     | INVALID",
      "404 | ''                           | INVALID",
      "401 | ''                           | MISCONFIGURED",
      "403 | ''                           | MISCONFIGURED",
      "408 | ''                           | RETRY",
      "429 | ''                           | THROTTLED",
      "500 | ''                           | RETRY",
      "503 | ''                           | RETRY",
  })
  void classifiesKochavaAnswers(int status, String body, Verdict expected) {
    assertEquals(expected, ResponseClassifier.classify(status, Buffer.buffer(body)));
  }

  @Test
  void retryAfterSecondsAreHonouredAndCapped() {
    assertEquals(7_000L, ResponseClassifier.retryAfterMillis("7"));
    assertEquals(3_600_000L, ResponseClassifier.retryAfterMillis("999999"));
    assertNull(ResponseClassifier.retryAfterMillis("Wed, 21 Oct 2015 07:28:00 GMT"));
    assertNull(ResponseClassifier.retryAfterMillis(null));
  }
}
