package io.ctvgateway.e2e;

import static io.ctvgateway.testing.RawHttp.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.testing.RawHttp;
import io.ctvgateway.testing.SharedGatewayTestBase;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What RFC 9110/9112 say a server must refuse, and what Netty would answer in plain text, on both ports:
 * each is the JSON error body, stores nothing, and a refused message closes its connection.
 */
@Timeout(60)
class HttpHygieneTest extends SharedGatewayTestBase {
  private static final String INSTALL = "{\"app_id\":\"koctv-hygiene\",\"ids\":{\"rida\":"
      + "\"1b4e28ba-2fa1-11d2-883f-0cc000000abc\"},\"os_version\":\"12.0.0.4186\",\"model\":\"3920X\"}";

  /** Waits up to 2 s for the server to close: a refusal closes at once, a kept connection costs the wait. */
  private RawHttp.Answer send(String request) throws Exception {
    return RawHttp.exchange(gateway.port(), ascii(request), 2_000);
  }

  private long appended() {
    return gateway.gateway().journal().stats().appendedRecords();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "HTTP/1.1 without Host | POST /v1/roku/install HTTP/1.1\\r\\nContent-Type: application/json\\r\\nContent-Length: 2\\r\\n\\r\\n{} | 400 | missing_host",
      "two Host headers      | GET / HTTP/1.1\\r\\nHost: a\\r\\nHost: b\\r\\n\\r\\n | 400 | missing_host",
      "chunked, identity     | POST /v1/roku/install HTTP/1.1\\r\\nHost: x\\r\\nContent-Type: application/json\\r\\nTransfer-Encoding: chunked, identity\\r\\n\\r\\n2\\r\\n{}\\r\\n0\\r\\n\\r\\n | 400 | invalid_transfer_encoding",
      "gzip, chunked         | POST /v1/roku/install HTTP/1.1\\r\\nHost: x\\r\\nContent-Type: application/json\\r\\nTransfer-Encoding: gzip, chunked\\r\\n\\r\\n2\\r\\n{}\\r\\n0\\r\\n\\r\\n | 400 | invalid_transfer_encoding",
      "TE on HTTP/1.0        | POST /v1/roku/install HTTP/1.0\\r\\nContent-Type: application/json\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n2\\r\\n{}\\r\\n0\\r\\n\\r\\n | 400 | invalid_transfer_encoding",
      "garbage request line  | GARBAGE\\r\\n\\r\\n | 400 | bad_request",
      "bad header name       | GET / HTTP/1.1\\r\\nHost: x\\r\\nBad Header: 1\\r\\n\\r\\n | 400 | bad_request",
      "unknown version       | GET / HTTP/9.9\\r\\nHost: x\\r\\n\\r\\n | 505 | http_version_not_supported",
      "HTTP/2 preface        | PRI * HTTP/2.0\\r\\n\\r\\nSM\\r\\n\\r\\n | 505 | http_version_not_supported",
  })
  void aMessageThatBreaksTheRulesGetsTheErrorBodyAndItsConnectionCloses(String name, String request, int status,
      String code) throws Exception {
    long before = appended();
    RawHttp.Answer answer = send(request.replace("\\r\\n", "\r\n"));
    assertEquals(status, answer.status(), answer.toString());
    assertEquals(code, answer.errorCode());
    assertEquals("application/json", answer.headers().get("content-type"));
    assertTrue(answer.closed(), "a message we could not frame closes its connection");
    assertEquals(before, appended(), "nothing stored");
  }

  @Test
  void anOversizedUriOrHeaderBlockIsAnsweredInJson() throws Exception {
    RawHttp.Answer uri = send("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertEquals(414, uri.status());
    assertEquals("uri_too_long", uri.errorCode());
    RawHttp.Answer headers = send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(10_000) + "\r\n\r\n");
    assertEquals(431, headers.status());
    assertEquals("headers_too_large", headers.errorCode());
  }

  @Test
  void a413ClosesTheConnectionItAnnouncesClosing() throws Exception {
    RawHttp.Answer answer = RawHttp.exchange(gateway.port(), RawHttp.post("/v1/roku/install", "application/json",
        " ".repeat(20_000).getBytes(StandardCharsets.US_ASCII)), 2_000);
    assertEquals(413, answer.status());
    assertEquals("body_too_large", answer.errorCode());
    assertEquals("close", answer.headers().get("connection"));
    assertTrue(answer.closed());
  }

  /** A chunked request of {@code body} cut into {@code pieces} chunks (cut inside tokens, too). */
  private static String chunked(String body, int pieces) {
    StringBuilder out = new StringBuilder("POST /v1/roku/install HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
        + "\r\nTransfer-Encoding: chunked\r\n\r\n");
    int step = (body.length() + pieces - 1) / pieces;
    for (int i = 0; i < body.length(); i += step) {
      String chunk = body.substring(i, Math.min(body.length(), i + step));
      out.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
    }
    return out.append("0\r\n\r\n").toString();
  }

  @Test
  void aChunkedBodyIsReadWholeAcrossChunksPastItsFirstArray() throws Exception {
    // 3,000 bytes in 7 chunks: more than the reader's first 1 KiB array, each chunk cut mid-token.
    String body = INSTALL.replace("abc", "a01").replace("}", " ".repeat(3_000 - INSTALL.length()) + "}");
    long before = appended();
    RawHttp.Answer answer = send(chunked(body, 7));
    assertEquals(202, answer.status(), answer.body());
    assertEquals(before + 1, appended());
  }

  @Test
  void aChunkedBodyOverTheLimitIs413WhenItPassesIt() throws Exception {
    String body = INSTALL.replace("abc", "a02").replace("}", " ".repeat(9_000) + "}");
    long before = appended();
    RawHttp.Answer answer = send(chunked(body, 3));
    assertEquals(413, answer.status(), answer.body());
    assertEquals("body_too_large", answer.errorCode());
    assertEquals(before, appended(), "nothing stored");
  }

  @Test
  void aZeroLengthBodyIsTheEmptyBodyError() throws Exception {
    RawHttp.Answer answer = RawHttp.exchange(gateway.port(), RawHttp.post("/v1/roku/install", "application/json",
        new byte[0]), 500);
    assertEquals(400, answer.status(), answer.body());
    assertEquals("empty_body", answer.errorCode());
  }

  @Test
  void expect100ContinueIsAnsweredThenTheInstallAndAnotherExpectationIs417() throws Exception {
    String body = INSTALL.replace("abc", "a03");
    try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), gateway.port())) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(ascii("POST /v1/roku/install HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
          + "\r\nExpect: 100-continue\r\nContent-Length: " + body.length() + "\r\n\r\n"));
      java.io.InputStream in = socket.getInputStream();
      String interim = new String(in.readNBytes("HTTP/1.1 100 Continue\r\n\r\n".length()), StandardCharsets.US_ASCII);
      assertEquals("HTTP/1.1 100 Continue\r\n\r\n", interim, "the interim answer before the body is sent");
      socket.getOutputStream().write(ascii(body));
      String status = new String(in.readNBytes("HTTP/1.1 202".length()), StandardCharsets.US_ASCII);
      assertEquals("HTTP/1.1 202", status);
    }
    RawHttp.Answer refused = send("POST /v1/roku/install HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
        + "\r\nExpect: something-else\r\nContent-Length: 2\r\n\r\n{}");
    assertEquals(417, refused.status(), refused.body());
    assertEquals("application/json", refused.headers().get("content-type"));
  }

  @Test
  void h2cIsOffAnUpgradeRequestIsAnsweredAsHttp11() throws Exception {
    String body = INSTALL;
    RawHttp.Answer answer = send("POST /v1/roku/install HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\n"
        + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + body.length() + "\r\n\r\n" + body);
    assertTrue(answer.statusLine().startsWith("HTTP/1.1 "), answer.statusLine());
    assertEquals(202, answer.status(), "not 101 Switching Protocols");
  }

  @Test
  void aWellFormedRequestOnTheSameConnectionRulesStillKeepsItsConnection() throws Exception {
    RawHttp.Answer answer = RawHttp.exchange(gateway.port(), RawHttp.post("/v1/roku/install", "application/json",
        INSTALL.replace("abc", "abd").getBytes(StandardCharsets.UTF_8)), 1_000);
    assertEquals(202, answer.status(), answer.body());
    assertFalse(answer.closed(), "keep-alive");
  }

  @ParameterizedTest(name = "admin {0}")
  @CsvSource(delimiter = '|', value = {
      "GET /nope HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n | 404 | not_found",
      "DELETE /metrics HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n | 405 | method_not_allowed",
      "GET /metrics HTTP/1.1\\r\\n\\r\\n | 400 | missing_host",
      "GET /metrics HTTP/7.0\\r\\nHost: x\\r\\n\\r\\n | 505 | http_version_not_supported",
      "NOT A REQUEST\\r\\n\\r\\n | 400 | bad_request",
  })
  void theAdminPortAnswersEveryErrorInJsonToo(String request, int status, String code) throws Exception {
    RawHttp.Answer answer = RawHttp.exchange(gateway.gateway().adminPort(), ascii(request.replace("\\r\\n", "\r\n")));
    assertEquals(status, answer.status(), answer.toString());
    assertEquals(code, answer.errorCode());
  }
}
