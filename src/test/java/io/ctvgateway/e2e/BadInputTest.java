package io.ctvgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.testing.SharedGatewayTestBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad request gets a 4xx JSON error naming the rule, the field and the value; never a 5xx. */
@Timeout(60)
class BadInputTest extends SharedGatewayTestBase {
  static final String RIDA = "fa73d67d-f55c-5af3-883a-726253dc7d0e";
  static final String ZERO_UUID = "00000000-0000-0000-0000-000000000000";


  static String roku(String fields) {
    return "{\"app_id\":\"koctv-roku\"," + fields + "}";
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
        // name, path, body, status, code, field, a part of the message
        Arguments.of("malformed JSON", "/v1/roku/install", "{\"app_id\":", 400, "malformed_json", null, "not valid JSON"),
        Arguments.of("array body", "/v1/roku/install", "[1,2]", 400, "wrong_type", null, "got array"),
        Arguments.of("missing app_id", "/v1/roku/install", "{\"ids\":{\"rida\":\"" + RIDA + "\"}}", 400,
            "missing_field", "app_id", "app_id is required"),
        Arguments.of("app_id a number", "/v1/roku/install", "{\"app_id\":42,\"ids\":{\"rida\":\"" + RIDA + "\"}}", 400,
            "wrong_type", "app_id", "got number 42"),
        Arguments.of("app_id with spaces", "/v1/roku/install", "{\"app_id\":\"my app\",\"ids\":{\"rida\":\"" + RIDA + "\"}}",
            400, "invalid_format", "app_id", "'my app'"),
        Arguments.of("unknown field", "/v1/roku/install", roku("\"app_vesion\":\"1\",\"ids\":{\"rida\":\"" + RIDA + "\"}"),
            400, "unknown_field", "app_vesion", "unknown field 'app_vesion'"),
        Arguments.of("lat a string", "/v1/roku/install", roku("\"lat\":\"yes\",\"ids\":{\"rida\":\"" + RIDA + "\"}"), 400,
            "wrong_type", "lat", "got string yes"),
        Arguments.of("ids a string", "/v1/roku/install", roku("\"ids\":\"" + RIDA + "\""), 400, "wrong_type", "ids",
            "ids must be an object"),
        Arguments.of("no ids", "/v1/roku/install", roku("\"model\":\"3920X\""), 400, "missing_field", "ids", "ids is required"),
        Arguments.of("id a number", "/v1/roku/install", roku("\"ids\":{\"rida\":12345}"), 400, "wrong_type", "ids.rida",
            "got number 12345"),
        Arguments.of("usertime a string", "/v1/roku/install", roku("\"usertime\":\"now\",\"ids\":{\"rida\":\"" + RIDA + "\"}"),
            400, "wrong_type", "usertime", "got string now"),
        Arguments.of("usertime in millis", "/v1/roku/install",
            roku("\"usertime\":1700000000000,\"ids\":{\"rida\":\"" + RIDA + "\"}"), 400, "invalid_value", "usertime",
            "1700000000000"),
        Arguments.of("data an array", "/v1/roku/install", roku("\"data\":[],\"ids\":{\"rida\":\"" + RIDA + "\"}"), 400,
            "wrong_type", "data", "data must be an object"),
        Arguments.of("data sets device_ids", "/v1/roku/install",
            roku("\"data\":{\"device_ids\":{}},\"ids\":{\"rida\":\"" + RIDA + "\"}"), 400, "reserved_key", "data.device_ids",
            "set by the gateway"),
        Arguments.of("rida not a UUID", "/v1/roku/install", roku("\"ids\":{\"rida\":\"abc\"}"), 400, "invalid_format",
            "ids.rida", "'abc'"),
        Arguments.of("rida all zeros", "/v1/roku/install", roku("\"ids\":{\"rida\":\"" + ZERO_UUID + "\"}"), 400,
            "placeholder_id", "ids.rida", ZERO_UUID),
        Arguments.of("Roku unique id placeholder", "/v1/roku/install", roku("\"ids\":{\"channel_client_id\":\"000000000000\"}"),
            400, "placeholder_id", "ids.channel_client_id", "000000000000"),
        Arguments.of("channel client id too short", "/v1/roku/install", roku("\"ids\":{\"channel_client_id\":\"abc123\"}"),
            400, "invalid_format", "ids.channel_client_id", "'abc123'"),
        Arguments.of("unknown id name", "/v1/roku/install", roku("\"ids\":{\"ridaa\":\"" + RIDA + "\"}"), 400, "unknown_id",
            "ids.ridaa", "ridaa"),
        Arguments.of("only an opted-out RIDA", "/v1/roku/install", roku("\"lat\":true,\"ids\":{\"rida\":\"" + RIDA + "\"}"),
            400, "no_usable_id", "ids", "channel_client_id"),
        Arguments.of("unparseable os_version", "/v1/roku/install",
            roku("\"os_version\":\"banana\",\"ids\":{\"rida\":\"" + RIDA + "\"}"), 400, "invalid_format", "os_version",
            "'banana'"),
        Arguments.of("Roku version sentinel", "/v1/roku/install",
            roku("\"os_version\":\"999.9999999\",\"ids\":{\"rida\":\"" + RIDA + "\"}"), 400, "placeholder_version", "os_version",
            "999.9999999"),
        Arguments.of("LG emulator all-zero LGUDID", "/v1/lg-webos/install",
            "{\"app_id\":\"koctv-lg\",\"ids\":{\"lgudid\":\"" + ZERO_UUID + "\"}}", 400, "placeholder_id", "ids.lgudid",
            ZERO_UUID),
        Arguments.of("unknown platform", "/v1/betamax/install", roku("\"ids\":{\"rida\":\"" + RIDA + "\"}"), 404,
            "unknown_platform", "platform", "'betamax'"),
        Arguments.of("unknown path", "/v2/roku/install", roku("\"ids\":{\"rida\":\"" + RIDA + "\"}"), 404, "not_found", null,
            "/v2/roku/install"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void badRequestGetsAClearJsonError(String name, String path, String body, int status, String code, String field,
      String messagePart) throws Exception {
    var answer = gateway.post(path, Map.of("Content-Type", "application/json"), Buffer.buffer(body));

    assertError(answer.statusCode(), answer.bodyAsString(), status, code, field, messagePart);
  }

  @Test
  void wrongContentTypeIs415() throws Exception {
    var answer = gateway.post("/v1/roku/install", Map.of("Content-Type", "text/plain"),
        Buffer.buffer(roku("\"ids\":{\"rida\":\"" + RIDA + "\"}")));
    assertError(answer.statusCode(), answer.bodyAsString(), 415, "unsupported_media_type", null, "'text/plain'");
  }

  @Test
  void missingContentTypeIs415() throws Exception {
    var answer = gateway.post("/v1/roku/install", Map.of(), Buffer.buffer(roku("\"ids\":{\"rida\":\"" + RIDA + "\"}")));
    assertError(answer.statusCode(), answer.bodyAsString(), 415, "unsupported_media_type", null, "got none");
  }

  @Test
  void bodyOverTheLimitIs413() throws Exception {
    String padding = "x".repeat(9_000);
    var answer = gateway.post("/v1/roku/install", Map.of("Content-Type", "application/json"),
        Buffer.buffer(roku("\"ids\":{\"rida\":\"" + RIDA + "\"},\"data\":{\"pad\":\"" + padding + "\"}")));
    assertError(answer.statusCode(), answer.bodyAsString(), 413, "body_too_large", null, "8192 bytes");
  }

  @Test
  void wrongMethodIs405() throws Exception {
    var answer = WebClient.create(vertx).request(HttpMethod.GET, gateway.port(), "127.0.0.1", "/v1/roku/install")
        .send().await(10, TimeUnit.SECONDS);
    assertError(answer.statusCode(), answer.bodyAsString(), 405, "method_not_allowed", null, "GET");
  }

  @Test
  void nothingRejectedReachesKochava() throws Exception {
    gateway.post("/v1/roku/install", Map.of("Content-Type", "application/json"),
        Buffer.buffer(roku("\"ids\":{\"rida\":\"" + ZERO_UUID + "\"}")));
    assertEquals(0, gateway.gateway().journal().stats().appendedRecords());
    assertTrue(kochava.attempts().isEmpty());
  }

  @Test
  void tvWebAppsCrossOriginPreflightIsAllowed() throws Exception {
    var preflight = WebClient.create(vertx).request(HttpMethod.OPTIONS, gateway.port(), "127.0.0.1", "/v1/lg-webos/install")
        .putHeader("Origin", "null")
        .putHeader("Access-Control-Request-Method", "POST")
        .putHeader("Access-Control-Request-Headers", "content-type")
        .send().await(10, TimeUnit.SECONDS);
    assertTrue(preflight.statusCode() == 204 || preflight.statusCode() == 200, "preflight: " + preflight.statusCode());
    assertEquals("*", preflight.getHeader("Access-Control-Allow-Origin"));
    assertTrue(preflight.getHeader("Access-Control-Allow-Methods").contains("POST"));
    var post = WebClient.create(vertx).post(gateway.port(), "127.0.0.1", "/v1/roku/install")
        .putHeader("Origin", "null").putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(roku("\"ids\":{\"rida\":\"" + ZERO_UUID + "\"}"))).await(10, TimeUnit.SECONDS);
    assertEquals(400, post.statusCode(), post.bodyAsString());
    assertEquals("*", post.getHeader("Access-Control-Allow-Origin"), "errors are readable cross-origin too");
  }

  static void assertError(int actualStatus, String body, int status, String code, String field, String messagePart) {
    assertEquals(status, actualStatus, body);
    JsonObject error = new JsonObject(body).getJsonObject("error");
    assertEquals(code, error.getString("code"), body);
    assertEquals(field, error.getString("field"), body);
    assertTrue(error.getString("message").contains(messagePart), "message should contain '" + messagePart + "': " + body);
    assertTrue(error.containsKey("field"), "field is always present, null when none: " + body);
  }
}
