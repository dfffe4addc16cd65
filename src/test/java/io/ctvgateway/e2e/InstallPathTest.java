package io.ctvgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ctvgateway.testing.RawHttp;
import io.ctvgateway.testing.SharedGatewayTestBase;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /v1/roku/install} skips the router; {@code /v1/ro%6Bu/install} is the same route to the router (it
 * decodes the escaped {@code k}) and still goes through it. Every answer, good or bad, must be the same both ways:
 * the direct path is a shortcut, not a second implementation with its own rules.
 */
@Timeout(60)
class InstallPathTest extends SharedGatewayTestBase {
  private static final String DIRECT = "/v1/roku/install";
  private static final String ROUTED = "/v1/ro%6Bu/install";

  private static String install(String rida) {
    return new JsonObject().put("app_id", "koctv-paths").put("ids", new JsonObject().put("rida", rida))
        .put("os_version", "12.0.0.4186").put("model", "3920X").encode();
  }

  private static byte[] post(String path, String extraHeaders, String contentType, byte[] body) {
    String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders
        + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
        + "Content-Length: " + body.length + "\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
    byte[] out = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, out, 0, headBytes.length);
    System.arraycopy(body, 0, out, headBytes.length, body.length);
    return out;
  }

  @Test
  void anInstallIsOneInstallWhicheverWayItCame() throws Exception {
    for (String[] order : new String[][] {{DIRECT, ROUTED}, {ROUTED, DIRECT}}) {
      String install = install(UUID.randomUUID().toString());
      byte[] body = install.getBytes(StandardCharsets.UTF_8);
      RawHttp.Answer first = RawHttp.exchange(gateway.port(), post(order[0], "", "application/json", body));
      RawHttp.Answer again = RawHttp.exchange(gateway.port(), post(order[1], "", "application/json", body));
      assertEquals(202, first.status(), order[0] + ": " + first.body());
      assertEquals(200, again.status(), order[1] + ": " + again.body());
      assertEquals("accepted", first.json().getString("status"));
      assertEquals("duplicate", again.json().getString("status"));
      // One ledger: the duplicate names the first answer's receipt, whichever path each took.
      assertEquals(first.json().getString("receipt"), again.json().getString("receipt"));
      assertEquals(first.headers().get("content-type"), again.headers().get("content-type"));
    }
  }

  @Test
  void aChunkedInstallIsReadTheSameWay() throws Exception {
    for (String path : new String[] {DIRECT, ROUTED}) {
      byte[] body = install(UUID.randomUUID().toString()).getBytes(StandardCharsets.UTF_8);
      int half = body.length / 2;
      String chunked = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n"
          + Integer.toHexString(half) + "\r\n" + new String(body, 0, half, StandardCharsets.ISO_8859_1) + "\r\n"
          + Integer.toHexString(body.length - half) + "\r\n"
          + new String(body, half, body.length - half, StandardCharsets.ISO_8859_1) + "\r\n0\r\n\r\n";
      RawHttp.Answer answer = RawHttp.exchange(gateway.port(), RawHttp.ascii(chunked));
      assertEquals(202, answer.status(), path + ": " + answer.body());
    }
  }

  /** Each case: a request for a path; both paths must give the same status, body and connection handling. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"no body", "text/plain", "charset latin1", "malformed json", "wrong type", "placeholder id",
      "declared length over the limit", "chunked over the limit", "unmet expectation", "from an origin",
      "unknown platform"})
  void aRefusalIsTheSameRefusalWhicheverWayItCame(String name) throws Exception {
    String rida = UUID.randomUUID().toString();
    Function<String, byte[]> request = switch (name) {
      case "no body" -> path -> RawHttp.ascii("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Content-Type: application/json\r\n\r\n");
      case "text/plain" -> path -> post(path, "", "text/plain", install(rida).getBytes(StandardCharsets.UTF_8));
      case "charset latin1" -> path -> post(path, "", "application/json; charset=latin1",
          install(rida).getBytes(StandardCharsets.UTF_8));
      case "malformed json" -> path -> post(path, "", "application/json", RawHttp.ascii("{\"app_id\":"));
      case "wrong type" -> path -> post(path, "", "application/json",
          RawHttp.ascii("{\"app_id\":7,\"ids\":{\"rida\":\"" + rida + "\"}}"));
      case "placeholder id" -> path -> post(path, "", "application/json",
          install("00000000-0000-0000-0000-000000000000").getBytes(StandardCharsets.UTF_8));
      case "declared length over the limit" -> path -> RawHttp.ascii("POST " + path + " HTTP/1.1\r\n"
          + "Host: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{");
      case "chunked over the limit" -> path -> RawHttp.ascii("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
          + Integer.toHexString(20_000) + "\r\n" + "x".repeat(20_000) + "\r\n");
      case "unmet expectation" -> path -> post(path, "Expect: something-else\r\n", "application/json",
          install(rida).getBytes(StandardCharsets.UTF_8));
      case "from an origin" -> path -> post(path, "Origin: file://\r\n", "text/plain", RawHttp.ascii("{}"));
      case "unknown platform" -> path -> post(path.replace("roku", "nope").replace("ro%6Bu", "n%6Fpe"), "",
          "application/json", install(rida).getBytes(StandardCharsets.UTF_8));
      default -> throw new IllegalArgumentException(name);
    };
    RawHttp.Answer direct = RawHttp.exchange(gateway.port(), request.apply(DIRECT), 500);
    RawHttp.Answer routed = RawHttp.exchange(gateway.port(), request.apply(ROUTED), 500);
    assertEquals(routed.statusLine(), direct.statusLine(), name);
    assertEquals(routed.body(), direct.body(), name);
    assertEquals(routed.closed(), direct.closed(), name + ": connection closed after the answer");
    assertEquals(routed.headers().get("connection"), direct.headers().get("connection"), name);
    assertEquals(routed.headers().get("access-control-allow-origin"),
        direct.headers().get("access-control-allow-origin"), name);
    // And the refusal is a refusal: a JSON error body with a 4xx (the equalities above would also hold for two 500s).
    assertEquals(4, direct.status() / 100, name + ": " + direct.body());
    assertNotNull(direct.errorCode(), name);
    if (name.equals("from an origin")) {
      assertEquals("*", direct.headers().get("access-control-allow-origin"));
    } else {
      assertNull(direct.headers().get("access-control-allow-origin"), name);
    }
  }
}
