package io.ctvgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.testing.SharedGatewayTestBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Any Origin a TV engine may send, URL or not, gets the answer no Origin gets, plus the CORS header. */
@Timeout(60)
class CorsTest extends SharedGatewayTestBase {

  @ParameterizedTest(name = "Origin: {0}")
  @ValueSource(strings = {"file://", "app://x", "file:///x/index.html", "null", "http://127.0.0.1:9999",
      "not a url at all", "luna://com.webos.app"})
  void preflightAndPostSucceedFromAnyOrigin(String origin) throws Exception {
    WebClient client = WebClient.create(vertx);
    HttpResponse<Buffer> preflight = client.request(HttpMethod.OPTIONS, gateway.port(), "127.0.0.1", "/v1/roku/install")
        .putHeader("Origin", origin)
        .putHeader("Access-Control-Request-Method", "POST")
        .putHeader("Access-Control-Request-Headers", "content-type, x-ctvgw-key")
        .send().await(10, TimeUnit.SECONDS);
    assertEquals(204, preflight.statusCode(), preflight.bodyAsString());
    assertEquals("*", preflight.getHeader("Access-Control-Allow-Origin"));
    assertTrue(preflight.getHeader("Access-Control-Allow-Methods").contains("POST"));
    assertTrue(preflight.getHeader("Access-Control-Allow-Headers").contains("X-Ctvgw-Key"));

    JsonObject install = new JsonObject().put("app_id", "koctv-cors")
        .put("ids", new JsonObject().put("rida", UUID.randomUUID().toString()))
        .put("os_version", "12.0.0.4186").put("model", "3920X");
    HttpResponse<Buffer> post = client.post(gateway.port(), "127.0.0.1", "/v1/roku/install")
        .putHeader("Origin", origin)
        .putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(install.encode())).await(10, TimeUnit.SECONDS);
    assertEquals(202, post.statusCode(), post.bodyAsString());
    assertEquals("*", post.getHeader("Access-Control-Allow-Origin"));
    client.close();
  }
}
