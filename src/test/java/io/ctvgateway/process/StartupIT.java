package io.ctvgateway.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.testing.FakeKochava;
import io.ctvgateway.testing.GatewayProcess;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar, started as the README says ({@code java -jar target/ctv-gateway.jar}, reading
 * {@code conf/gateway.json}), with only the per-deployment environment overrides: it logs its port when
 * ready, forwards an install, and exits 0 on SIGTERM.
 */
@Timeout(120)
class StartupIT {
  private Vertx vertx;
  private FakeKochava kochava;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    kochava = FakeKochava.start(vertx);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void jarStartsOnTheShippedConfigLogsItsPortForwardsAnInstallAndStopsCleanly(@TempDir Path dir) throws Exception {
    Map<String, String> env = Map.of(
        "CTVGW_HTTP_PORT", "0",
        "CTVGW_UPSTREAM_URL", kochava.url(),
        "CTVGW_DATA_DIR", dir.resolve("data").toString());
    try (GatewayProcess gateway = GatewayProcess.start(dir, "startup", List.of(), env)) {
      assertTrue(gateway.port() > 0);
      assertTrue(gateway.output().contains("event=ready http_port=" + gateway.port()), gateway.output());

      // The README's example app is the one the shipped config serves.
      JsonObject install = new JsonObject()
          .put("app_id", "koexample-app-id")
          .put("ids", new JsonObject().put("rida", "fa73d67d-f55c-5af3-883a-726253dc7d0e"))
          .put("os_version", "12.0.0.4186")
          .put("model", "3920X");
      var answer = WebClient.create(vertx).post(gateway.port(), "127.0.0.1", "/v1/roku/install")
          .putHeader("Content-Type", "application/json")
          .sendBuffer(Buffer.buffer(install.encode()))
          .await(10, TimeUnit.SECONDS);
      assertEquals(202, answer.statusCode(), answer.bodyAsString());
      io.ctvgateway.testing.Conditions.await(vertx, "the install at Kochava", () -> kochava.accepted().size() == 1);
      assertTrue(gateway.output().contains(" apps=1 unknown_apps=reject"), gateway.output());

      // Not an open relay: an app the shipped config does not list is refused, and Kochava sees nothing of it.
      var unlisted = WebClient.create(vertx).post(gateway.port(), "127.0.0.1", "/v1/roku/install")
          .putHeader("Content-Type", "application/json")
          .sendBuffer(Buffer.buffer(install.copy().put("app_id", "a").encode()))
          .await(10, TimeUnit.SECONDS);
      assertEquals(403, unlisted.statusCode(), unlisted.bodyAsString());
      assertEquals("unknown_app", unlisted.bodyAsJsonObject().getJsonObject("error").getString("code"));

      assertEquals(0, gateway.terminate(), gateway.output());
      assertTrue(gateway.output().contains("event=stopped"), gateway.output());
    }
  }

  @Test
  void theOpenRelayIsAnExplicitChoiceAndSaysSoAtStart(@TempDir Path dir) throws Exception {
    Map<String, String> env = Map.of(
        "CTVGW_HTTP_PORT", "0",
        "CTVGW_ADMIN_PORT", "0",
        "CTVGW_UPSTREAM_URL", kochava.url(),
        "CTVGW_DATA_DIR", dir.resolve("data").toString(),
        "CTVGW_UNKNOWN_APPS", "accept");
    try (GatewayProcess gateway = GatewayProcess.start(dir, "open-relay", List.of(), env)) {
      assertTrue(gateway.output().contains("unknown_apps=accept"), gateway.output());
      assertTrue(gateway.output().contains("level=WARN logger=Main event=open_relay"), gateway.output());
      JsonObject install = new JsonObject().put("app_id", "any-app-at-all")
          .put("ids", new JsonObject().put("rida", "fa73d67d-f55c-5af3-883a-726253dc7d0e"))
          .put("os_version", "12.0.0.4186").put("model", "3920X");
      var answer = WebClient.create(vertx).post(gateway.port(), "127.0.0.1", "/v1/roku/install")
          .putHeader("Content-Type", "application/json")
          .sendBuffer(Buffer.buffer(install.encode()))
          .await(10, TimeUnit.SECONDS);
      assertEquals(202, answer.statusCode(), answer.bodyAsString());
      assertEquals(0, gateway.terminate());
    }
  }

  @Test
  void badConfigStopsTheStartNamingTheKey(@TempDir Path dir) throws Exception {
    JsonObject config = new JsonObject().put("http", new JsonObject().put("port", 99999));
    Exception failure = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> GatewayProcess.start(dir, "bad", config, Map.of()));
    assertTrue(failure.getMessage().contains("exited with 2"), failure.getMessage());
    assertTrue(failure.getMessage().contains("http.port must be between 0 and 65535, got 99999"), failure.getMessage());
  }
}
