package io.ctvgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.profile.ProfileReloader;
import io.ctvgateway.testing.FakeKochava;
import io.ctvgateway.testing.LogCapture;
import io.ctvgateway.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running gateway picks up a profile dropped into its profiles directory without a restart, and refuses a
 * broken change while the old set keeps serving.
 */
@Timeout(60)
class ProfileHotReloadEndToEndTest {
  static final String RIDA = "fa73d67d-f55c-5af3-883a-726253dc7d0e";

  @TempDir Path profiles;
  private Vertx vertx;
  private FakeKochava kochava;
  private TestGateway gateway;
  private WebClient probe;
  private JsonObject config;

  @BeforeEach
  void start(@TempDir Path data) throws Exception {
    Files.copy(Path.of("device-profiles", "roku.json"), profiles.resolve("roku.json"));
    vertx = Vertx.vertx();
    kochava = FakeKochava.start(vertx);
    config = TestGateway.config(data, kochava.url())
        .put("profiles_dir", profiles.toString())
        .put("profiles_reload_ms", 50);
    gateway = TestGateway.start(vertx, config);
    probe = WebClient.create(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    probe.close();
    gateway.close();
    vertx.close().await();
  }

  /** Waits until the platform is served (an empty body gets 400 from a known platform, 404 from an unknown one). */
  private void awaitServed(String platform) throws Exception {
    AtomicInteger status = new AtomicInteger();
    AtomicBoolean inFlight = new AtomicBoolean();
    gateway.await(platform + " to be served", () -> {
      if (inFlight.compareAndSet(false, true)) {
        probe.post(gateway.port(), "127.0.0.1", "/v1/" + platform + "/install")
            .putHeader("Content-Type", "application/json")
            .sendBuffer(io.vertx.core.buffer.Buffer.buffer("{}"))
            .onComplete(ar -> {
              if (ar.succeeded()) {
                status.set(ar.result().statusCode());
              }
              inFlight.set(false);
            });
      }
      return status.get() == 400;
    });
  }

  private static JsonObject install(String appId, JsonObject ids) {
    return new JsonObject().put("app_id", appId).put("ids", ids).put("os_version", "2.1");
  }

  /** Writes a file next to its target and renames it in, as deployment tools do. */
  private void drop(String name, String content) throws Exception {
    Path tmp = profiles.resolve(name + ".tmp");
    Files.writeString(tmp, content);
    Files.move(tmp, profiles.resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }

  private static String acmeProfile() {
    return """
        {
          "id": "acme",
          "osName": "AcmeOS",
          "defaultModel": "AcmeTV",
          "identifiers": [
            { "name": "acme_id", "aliases": ["acmeId"], "kochavaKey": "custom", "description": "16 hex digits",
              "formats": [ { "pattern": "^[0-9a-fA-F]{16}$", "normalize": ["lower"] } ] }
          ],
          "installKeyOrder": ["acme_id"],
          "osVersion": {
            "deviceVersion": "{major}.{minor}.0",
            "formats": [ { "name": "dotted", "description": "major.minor, e.g. 2.1",
                           "pattern": "^(?<major>[0-9]+)\\\\.(?<minor>[0-9]+)$" } ]
          },
          "examples": [
            { "name": "an id", "request": { "ids": { "acmeId": "00FF00FF00FF00FF" } },
              "expect": { "device_ids": { "custom": "00ff00ff00ff00ff" } } }
          ]
        }
        """;
  }

  @Test
  void newProfileServesInstallsWithoutRestartAndBrokenChangeKeepsOldSet() throws Exception {
    assertEquals(404, gateway.install("acme", install("ko-acme", new JsonObject().put("acme_id", "00ff00ff00ff00ff")))
        .statusCode());

    drop("acme.json", acmeProfile());
    awaitServed("acme");

    assertEquals(202, gateway.install("acme", install("ko-acme", new JsonObject().put("acmeId", "00FF00FF00FF00FF")))
        .statusCode());
    gateway.await("the acme install to reach Kochava", () -> kochava.accepted().size() == 1);
    JsonObject data = kochava.accepted().get(0).json().getJsonObject("data");
    assertEquals(new JsonObject().put("custom", "00ff00ff00ff00ff"), data.getJsonObject("device_ids"));
    assertEquals("AcmeTV-AcmeOS-2.1.0", data.getString("device_ver"));

    try (LogCapture log = LogCapture.of(ProfileReloader.class)) {
      // A broken edit of acme (its example now fails), then a valid new profile: while acme is broken no new
      // set loads, so zeta is not served either and the old acme keeps serving.
      drop("acme.json", acmeProfile().replace("\"custom\": \"00ff00ff00ff00ff\"", "\"custom\": \"00FF00FF00FF00FF\""));
      drop("zeta.json", acmeProfile().replace("\"id\": \"acme\"", "\"id\": \"zeta\""));
      gateway.await("the broken change to be refused", () -> refused(log));
    }

    assertEquals(202, gateway.install("acme", install("ko-acme-2", new JsonObject().put("acme_id", "0123456789abcdef")))
        .statusCode());
    assertEquals(202, gateway.install("roku", new JsonObject().put("app_id", "ko-roku").put("ids",
        new JsonObject().put("rida", RIDA))).statusCode());
    assertEquals(404, gateway.install("zeta", install("ko-zeta", new JsonObject().put("acme_id", "0123456789abcdef")))
        .statusCode());

    // Visible to the operator, not only in one log line: the listing names the file and why, and a metric counts.
    JsonObject listing = admin("/profiles").bodyAsJsonObject();
    assertEquals(new io.vertx.core.json.JsonArray().add("acme").add("luhn-stb").add("roku"),
        listing.getJsonArray("profiles"));
    assertEquals(false, listing.getBoolean("degraded"));
    JsonObject refused = listing.getJsonArray("refused").getJsonObject(0);
    assertEquals("acme.json", refused.getString("file"));
    assertTrue(refused.getString("reason").contains("examples[0] \"an id\": device_ids: expected"), refused.encode());
    String metrics = admin("/metrics").bodyAsString();
    io.ctvgateway.testing.Scrape scrape = io.ctvgateway.testing.Scrape.of(metrics);
    assertEquals(1.0, scrape.value("ctvgw_profiles_refused_files"), metrics);
    assertTrue(scrape.value("ctvgw_profile_reloads_refused_total") >= 1, metrics);

    // A restart (a pod rescheduled) with the broken file still there: acme from its last valid copy, zeta (valid
    // on its own) and roku from the directory; degraded, loudly, rather than exit 2 and no platform at all.
    gateway.close();
    try (LogCapture log = LogCapture.of(ProfileReloader.class)) {
      gateway = TestGateway.start(vertx, config);
      assertTrue(log.lines().stream().anyMatch(line -> line.startsWith("ERROR event=profiles_degraded")), log.lines().toString());
    }
    JsonObject degraded = admin("/profiles").bodyAsJsonObject();
    assertEquals(true, degraded.getBoolean("degraded"), degraded.encode());
    assertEquals(new io.vertx.core.json.JsonArray().add("acme.json"), degraded.getJsonArray("from_last_valid"));
    assertEquals(new io.vertx.core.json.JsonArray().add("acme").add("luhn-stb").add("roku").add("zeta"),
        degraded.getJsonArray("profiles"));
    assertEquals(1.0, io.ctvgateway.testing.Scrape.of(admin("/metrics").bodyAsString()).value("ctvgw_profiles_degraded"));
    assertEquals(202, gateway.install("acme", install("ko-acme-3", new JsonObject().put("acme_id", "1123456789abcdef")))
        .statusCode());
    assertEquals(202, gateway.install("zeta", install("ko-zeta", new JsonObject().put("acme_id", "0123456789abcdef")))
        .statusCode());

    // Fixed: the directory loads again and the gateway is no longer degraded.
    drop("acme.json", acmeProfile());
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
    while (admin("/profiles").bodyAsJsonObject().getBoolean("degraded")) {
      assertTrue(System.nanoTime() < deadline, "still degraded after the fix");
      Thread.sleep(50);
    }
    assertEquals(new io.vertx.core.json.JsonArray(), admin("/profiles").bodyAsJsonObject().getJsonArray("refused"));
  }

  private io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> admin(String path) throws Exception {
    return probe.get(gateway.gateway().adminPort(), "127.0.0.1", path).send().await(10, java.util.concurrent.TimeUnit.SECONDS);
  }

  private static boolean refused(LogCapture log) {
    return log.lines().stream().anyMatch(line -> line.startsWith("WARN event=profiles_reload_refused")
        && line.contains("acme.json: examples[0] \"an id\": device_ids: expected {\"custom\":\"00FF00FF00FF00FF\"}"));
  }
}
