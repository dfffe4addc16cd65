package io.ctvgateway.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.config.ConfigException;
import io.ctvgateway.config.ConfigLoader;
import io.ctvgateway.testing.FakeKochava;
import io.ctvgateway.testing.FakeKochava.Answer;
import io.ctvgateway.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The admin port: a bearer token where it is set, cross-site refusals where it is not, and no open admin off loopback. */
@Timeout(60)
class AdminGuardTest {
  private static final String TOKEN = "admin-token-0123456789";

  private Vertx vertx;
  private FakeKochava kochava;
  private WebClient client;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    kochava = FakeKochava.start(vertx);
    kochava.script(Answer.status(400, "{\"error\":\"bad\"}"));
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private TestGateway gateway(Path data, String token) throws Exception {
    JsonObject config = TestGateway.config(data, kochava.url());
    if (token != null) {
      config.getJsonObject("admin").put("token", token);
    }
    TestGateway gateway = TestGateway.start(vertx, config);
    JsonObject install = new JsonObject().put("app_id", "koctv-admin")
        .put("ids", new JsonObject().put("rida", UUID.randomUUID().toString()))
        .put("os_version", "12.0.0.4186").put("model", "3920X");
    assertEquals(202, gateway.install("roku", install).statusCode());
    gateway.await("a dead letter", () -> gateway.gateway().deliveryStats().deadLettered() == 1);
    return gateway;
  }

  private HttpResponse<Buffer> send(HttpRequest<Buffer> request, String body) throws Exception {
    return (body == null ? request.send() : request.sendBuffer(Buffer.buffer(body))).await(10, TimeUnit.SECONDS);
  }

  @Test
  void withATokenEveryEndpointThatChangesOrRevealsDataNeedsIt(@TempDir Path data) throws Exception {
    try (TestGateway gateway = gateway(data, TOKEN)) {
      int admin = gateway.gateway().adminPort();
      String install = "{\"app_id\":\"koctv-admin\",\"ids\":{\"rida\":\"" + UUID.randomUUID() + "\"},\"os_version\":\"12.0\"}";
      for (String bearer : new String[] {null, "Bearer wrong-token-0123456789", "Basic " + TOKEN}) {
        for (var request : java.util.List.of(
            client.get(admin, "127.0.0.1", "/dead-letters"),
            client.post(admin, "127.0.0.1", "/dead-letters/requeue"),
            client.post(admin, "127.0.0.1", "/dead-letters/1/requeue"),
            client.post(admin, "127.0.0.1", "/preview/roku/install").putHeader("Content-Type", "application/json"),
            client.post(admin, "127.0.0.1", "/forget/roku").putHeader("Content-Type", "application/json"))) {
          if (bearer != null) {
            request.putHeader("Authorization", bearer);
          }
          HttpResponse<Buffer> answer = send(request, request.method().name().equals("POST") ? install : null);
          assertEquals(401, answer.statusCode(), request.uri() + " with " + bearer);
          assertEquals("unauthorized", answer.bodyAsJsonObject().getJsonObject("error").getString("code"));
          assertTrue(answer.getHeader("WWW-Authenticate").startsWith("Bearer"));
        }
      }
      assertEquals(1, gateway.gateway().deadLetters().size(), "nothing requeued without the token");
      // Probes and scrapers need no token.
      assertEquals(200, send(client.get(admin, "127.0.0.1", "/health/live"), null).statusCode());
      assertEquals(200, send(client.get(admin, "127.0.0.1", "/metrics"), null).statusCode());

      HttpResponse<Buffer> preview = send(client.post(admin, "127.0.0.1", "/preview/roku/install")
          .putHeader("Content-Type", "application/json").putHeader("Authorization", "Bearer " + TOKEN), install);
      assertEquals(200, preview.statusCode(), preview.bodyAsString());
      HttpResponse<Buffer> list = send(client.get(admin, "127.0.0.1", "/dead-letters")
          .putHeader("Authorization", "Bearer " + TOKEN), null);
      assertEquals(1, list.bodyAsJsonObject().getJsonArray("dead_letters").size());
      HttpResponse<Buffer> requeued = send(client.post(admin, "127.0.0.1", "/dead-letters/requeue")
          .putHeader("Authorization", "bearer " + TOKEN), null);
      assertEquals(1, requeued.bodyAsJsonObject().getInteger("requeued"), requeued.bodyAsString());
    }
  }

  @Test
  void withoutATokenOnLoopbackCrossSiteRequestsAndForeignHostsAreRefused(@TempDir Path data) throws Exception {
    try (TestGateway gateway = gateway(data, null)) {
      int admin = gateway.gateway().adminPort();
      // A page on another site POSTing a text/plain form to requeue (CSRF): the browser sends its Origin.
      HttpResponse<Buffer> csrf = send(client.post(admin, "127.0.0.1", "/dead-letters/requeue")
          .putHeader("Origin", "https://evil.example").putHeader("Content-Type", "text/plain"), "x=1");
      assertEquals(403, csrf.statusCode());
      assertEquals("cross_site_request", csrf.bodyAsJsonObject().getJsonObject("error").getString("code"));
      assertEquals(1, gateway.gateway().deadLetters().size(), "nothing requeued");
      // DNS rebinding: a page whose own name resolves to 127.0.0.1 reads the dead letters with its name as Host.
      HttpResponse<Buffer> rebinding = send(client.get(admin, "127.0.0.1", "/dead-letters")
          .putHeader("Host", "evil.example:" + admin), null);
      assertEquals(403, rebinding.statusCode());
      assertEquals("forbidden_host", rebinding.bodyAsJsonObject().getJsonObject("error").getString("code"));
      // The operator's own curl on the machine works as before.
      assertEquals(200, send(client.get(admin, "127.0.0.1", "/dead-letters"), null).statusCode());
      assertEquals(200, send(client.get(admin, "127.0.0.1", "/dead-letters")
          .putHeader("Origin", "http://127.0.0.1:" + admin), null).statusCode());
    }
  }

  @Test
  void anAdminPortOffLoopbackWithoutATokenDoesNotStart() {
    ConfigException refused = assertThrows(ConfigException.class, () -> ConfigLoader.fromJson(
        new JsonObject().put("admin", new JsonObject().put("host", "0.0.0.0")), Map.of(), new Properties()));
    assertTrue(refused.getMessage().startsWith("admin.host is '0.0.0.0', which is not a loopback address: set"
        + " admin.token"), refused.getMessage());
    assertEquals("0.0.0.0", ConfigLoader.fromJson(new JsonObject().put("admin", new JsonObject().put("host", "0.0.0.0")),
        Map.of("CTVGW_ADMIN_TOKEN", TOKEN), new Properties()).admin().host());
  }
}
