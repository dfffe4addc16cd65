package io.ctvgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.testing.FakeKochava;
import io.ctvgateway.testing.RawHttp;
import io.ctvgateway.testing.SharedGatewayTestBase;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bodies a lenient parser would answer 500 for, or accept and alter before forwarding: each is a 4xx naming the
 * rule and the field, stores nothing; and numbers reach Kochava as the client wrote them.
 */
@Timeout(60)
class StrictBodyTest extends SharedGatewayTestBase {

  static String install(String rida, String extra) {
    return "{\"app_id\":\"koctv-strict\",\"ids\":{\"rida\":\"" + rida + "\"},\"os_version\":\"12.0.0.4186\","
        + "\"model\":\"3920X\"" + extra + "}";
  }

  static byte[] bytes(String before, int[] raw, String after) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
    for (int b : raw) {
      out.write(b);
    }
    out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  static Stream<Arguments> refused() {
    String rida = "1b4e28ba-2fa1-11d2-883f-0cc000000001";
    String deep = "{\"a\":".repeat(999) + "1" + "}".repeat(999);
    return Stream.of(
        Arguments.of("empty body", "application/json", new byte[0], 400, "empty_body", null),
        Arguments.of("only white space", "application/json", "  \n ".getBytes(), 400, "empty_body", null),
        Arguments.of("charset latin-1", "application/json; charset=latin-1", install(rida, "").getBytes(), 415,
            "unsupported_charset", null),
        Arguments.of("unknown charset", "application/json; charset=x-klingon", install(rida, "").getBytes(), 415,
            "unsupported_charset", null),
        Arguments.of("charset utf-16 with a UTF-8 body", "application/json;charset=\"UTF-16\"",
            install(rida, "").getBytes(), 415, "unsupported_charset", null),
        Arguments.of("overlong C0 AF", "application/json",
            bytes(install(rida, ",\"data\":{\"x\":\"").replace("}\"", ""), new int[] {0xC0, 0xAF}, "\"}}"), 400,
            "invalid_utf8", null),
        Arguments.of("CESU surrogate ED A0 80", "application/json",
            bytes("{\"app_id\":\"koctv-strict\",\"model\":\"", new int[] {0xED, 0xA0, 0x80}, "\"}"), 400, "invalid_utf8",
            null),
        Arguments.of("past U+10FFFF", "application/json",
            bytes("{\"app_id\":\"koctv-strict\",\"model\":\"", new int[] {0xF4, 0x90, 0x80, 0x80}, "\"}"), 400,
            "invalid_utf8", null),
        Arguments.of("truncated character", "application/json",
            bytes("{\"app_id\":\"koctv-strict\",\"model\":\"", new int[] {0xE2, 0x82}, ""), 400, "invalid_utf8", null),
        Arguments.of("lone high surrogate", "application/json",
            install(rida, ",\"data\":{\"k\":\"a\\ud800b\"}").getBytes(), 400, "invalid_string", "data.k"),
        Arguments.of("lone low surrogate in a key", "application/json",
            install(rida, ",\"data\":{\"\\udc00\":1}").getBytes(), 400, "invalid_string", "data.\\udc00"),
        Arguments.of("duplicate app_id", "application/json",
            "{\"app_id\":\"bad id!!\",\"app_id\":\"koctv-strict\"}".getBytes(), 400, "duplicate_field", "app_id"),
        Arguments.of("duplicate data key", "application/json",
            install(rida, ",\"data\":{\"k\":1,\"k\":2}").getBytes(), 400, "duplicate_field", "data.k"),
        Arguments.of("1e400", "application/json", install(rida, ",\"data\":{\"big\":1e400}").getBytes(), 400,
            "invalid_number", "data.big"),
        Arguments.of("-1e400", "application/json", install(rida, ",\"data\":{\"small\":-1e400}").getBytes(), 400,
            "invalid_number", "data.small"),
        Arguments.of("NaN", "application/json", install(rida, ",\"data\":{\"n\":NaN}").getBytes(), 400,
            "malformed_json", null),
        Arguments.of("event_data 999 deep", "application/json",
            install(rida, ",\"data\":" + deep).getBytes(), 400, "too_deep", null),
        Arguments.of("trailing content", "application/json", (install(rida, "") + "{}").getBytes(), 400,
            "malformed_json", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refusedWithTheRuleNamedAndNothingStored(String name, String contentType, byte[] body, int status,
      String code, String field) throws Exception {
    long before = gateway.gateway().journal().stats().appendedRecords();
    RawHttp.Answer answer = RawHttp.exchange(gateway.port(), RawHttp.post("/v1/roku/install", contentType, body));
    assertEquals(status, answer.status(), answer.body());
    assertEquals(code, answer.errorCode());
    if (field != null) {
      assertEquals(field, answer.json().getJsonObject("error").getString("field"));
    }
    assertEquals(before, gateway.gateway().journal().stats().appendedRecords(), "nothing stored");
  }

  @Test
  void theAdminPreviewReadsBodiesJustAsStrictly() throws Exception {
    String deep = "{\"a\":".repeat(999) + "1" + "}".repeat(999);
    RawHttp.Answer answer = RawHttp.exchange(gateway.gateway().adminPort(), RawHttp.post("/preview/roku/event",
        "application/json", install("1b4e28ba-2fa1-11d2-883f-0cc000000002", ",\"event_name\":\"x\",\"event_data\":"
            + deep).getBytes(StandardCharsets.UTF_8)));
    assertEquals(400, answer.status(), answer.body());
    assertEquals("too_deep", answer.errorCode());
    RawHttp.Answer empty = RawHttp.exchange(gateway.gateway().adminPort(),
        RawHttp.post("/preview/roku/install", "application/json", new byte[0]));
    assertEquals(400, empty.status(), empty.body());
    assertEquals("empty_body", empty.errorCode());
  }

  @Test
  void anOversizedUserAgentHeaderIsNeitherStoredNorForwarded() throws Exception {
    String rida = UUID.randomUUID().toString();
    String huge = "Roku/DVP-12.0 (12.0.0.4186-55) " + "x".repeat(7_000);
    var answer = gateway.post("/v1/roku/install", java.util.Map.of("Content-Type", "application/json",
        "User-Agent", huge), io.vertx.core.buffer.Buffer.buffer(install(rida, "")));
    assertEquals(202, answer.statusCode(), answer.bodyAsString());
    gateway.await("delivered", () -> kochava.accepted().stream().anyMatch(r -> r.body().contains(rida)));
    FakeKochava.Received sent = kochava.accepted().stream().filter(r -> r.body().contains(rida)).findFirst().orElseThrow();
    assertTrue(sent.body().length() < 2_000, "the body stays small: " + sent.body().length());
    assertTrue(sent.userAgent().length() < 200, "the UA is synthesised, not the header: " + sent.userAgent());
  }

  @Test
  void anHttp10PostWithoutALengthIsAnEmptyBodyNotA500() throws Exception {
    RawHttp.Answer answer = RawHttp.exchange(gateway.port(),
        RawHttp.ascii("POST /v1/roku/install HTTP/1.0\r\nContent-Type: application/json\r\n\r\n"));
    assertEquals(400, answer.status());
    assertEquals("empty_body", answer.errorCode());
  }

  @Test
  void numbersInDataReachKochavaAsTheClientWroteThem() throws Exception {
    String rida = UUID.randomUUID().toString();
    String data = "{\"e\":1e9,\"f\":0.10,\"z\":-0,\"p\":1E+2,\"big\":123456789012345678901234567890,\"i\":42,"
        + "\"neg\":-7.5e-3,\"s\":\"a\\/b \\u00e9 \\ud834\\udd1e\"}";
    RawHttp.Answer answer = RawHttp.exchange(gateway.port(), RawHttp.post("/v1/roku/install", "application/json",
        install(rida, ",\"data\":" + data).getBytes(StandardCharsets.UTF_8)));
    assertEquals(202, answer.status(), answer.body());
    gateway.await("delivered", () -> kochava.accepted().stream().anyMatch(r -> r.body().contains(rida)));
    String sent = kochava.accepted().stream().map(FakeKochava.Received::body).filter(b -> b.contains(rida))
        .findFirst().orElseThrow();
    for (String expected : List.of("\"e\":1e9", "\"f\":0.10", "\"z\":-0", "\"p\":1E+2",
        "\"big\":123456789012345678901234567890", "\"i\":42", "\"neg\":-7.5e-3", "\"s\":\"a\\/b é 𝄞\"")) {
      assertTrue(sent.contains(expected), expected + " in " + sent);
    }
  }
}
