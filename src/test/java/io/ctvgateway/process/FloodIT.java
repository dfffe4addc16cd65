package io.ctvgateway.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.testing.FakeKochava;
import io.ctvgateway.testing.FakeKochava.Answer;
import io.ctvgateway.testing.GatewayProcess;
import io.ctvgateway.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three floods a hostile test ran, each from one client address against the real jar with its limits on
 * (scaled down so the test is quick): none can multiply upstream requests past the device's limit, evict
 * another device's ledger entry, or fill the backlog so that real TVs are refused.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FloodIT {
  private static final String ATTACKER = "198.51.100.66";
  private static final String TV = "203.0.113.20";

  private Vertx vertx;
  private FakeKochava kochava;
  private final AtomicBoolean kochavaUp = new AtomicBoolean(true);
  private WebClient client;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    kochava = FakeKochava.start(vertx).otherwise(r -> kochavaUp.get() ? Answer.ok() : Answer.status(503, "down"));
    client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(32));
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private JsonObject config(Path dir) {
    JsonObject config = TestGateway.config(dir.resolve("data"), kochava.url());
    config.getJsonObject("http").put("trusted_proxies", new JsonArray().add("127.0.0.1"));
    return config.put("limits", new JsonObject()
        .put("per_address", new JsonObject().put("rate_per_s", 10).put("burst", 50))
        .put("per_device", new JsonObject().put("rate_per_s", 2).put("burst", 20)));
  }

  private static JsonObject install(String rida) {
    return new JsonObject().put("app_id", "koctv-flood").put("ids", new JsonObject().put("rida", rida))
        .put("os_version", "12.0.0.4186").put("model", "3920X");
  }

  private Future<HttpResponse<Buffer>> post(int port, String path, String address, JsonObject body) {
    return client.post(port, "127.0.0.1", path).putHeader("X-Forwarded-For", address)
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body.encode()));
  }

  /** Sends {@code count} bodies from {@code address}, 32 at a time; the number answered 2xx. */
  private long flood(int port, String path, String address, int count, java.util.function.IntFunction<JsonObject> body)
      throws Exception {
    long admitted = 0;
    for (int from = 0; from < count; from += 32) {
      List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
      for (int i = from; i < Math.min(count, from + 32); i++) {
        answers.add(post(port, path, address, body.apply(i)));
      }
      Future.join(answers).await(60, TimeUnit.SECONDS);
      for (Future<HttpResponse<Buffer>> answer : answers) {
        int status = answer.result().statusCode();
        assertTrue(status < 300 || status == 429, "only 2xx or 429, got " + status);
        admitted += status < 300 ? 1 : 0;
      }
    }
    return admitted;
  }

  @Test
  void identicalEventsFromOneDeviceCannotMultiplyUpstreamRequests(@TempDir Path dir) throws Exception {
    try (GatewayProcess gateway = GatewayProcess.start(dir, "flood-events", config(dir), Map.of())) {
      String rida = UUID.randomUUID().toString();
      long started = System.nanoTime();
      // 2,000 identical events without event_id, as 40 batches of 50: a batch no longer fans out past the limit.
      JsonArray fifty = new JsonArray();
      for (int i = 0; i < 50; i++) {
        fifty.add(new JsonObject().put("event_name", "play"));
      }
      flood(gateway.port(), "/v1/roku/events", ATTACKER, 40, i -> install(rida).put("events", fifty));
      flood(gateway.port(), "/v1/roku/event", ATTACKER, 200, i -> install(rida).put("event_name", "play"));
      double seconds = (System.nanoTime() - started) / 1e9;
      long allowed = 20 + (long) Math.ceil(2 * seconds) + 50; // the burst, the rate, and one batch clamped to it
      long stored = gateway.process().isAlive() ? kochavaEventuallyHas(rida) : 0;
      assertTrue(stored <= allowed, stored + " events forwarded for one device in " + seconds + " s; the limit allows "
          + allowed + " of the 2,200 sent");
      assertEquals(0, gateway.terminate());
    }
  }

  private long kochavaEventuallyHas(String rida) throws Exception {
    long last = -1;
    for (int quiet = 0; quiet < 20; ) { // until nothing new arrives for a second
      vertx.timer(50).await(1, TimeUnit.SECONDS);
      long now = kochava.accepted().stream().filter(r -> r.body().contains(rida)).count();
      quiet = now == last ? quiet + 1 : 0;
      last = now;
    }
    return last;
  }

  @Test
  void junkInstallsFromOneAddressCannotEvictARealDevice(@TempDir Path dir) throws Exception {
    JsonObject config = config(dir);
    config.put("ledger", new JsonObject().put("max_keys", 1_000));
    try (GatewayProcess gateway = GatewayProcess.start(dir, "flood-evict", config, Map.of())) {
      String real = UUID.randomUUID().toString();
      assertEquals(202, post(gateway.port(), "/v1/roku/install", TV, install(real)).await(10, TimeUnit.SECONDS).statusCode());
      long junk = flood(gateway.port(), "/v1/roku/install", ATTACKER, 20_000, i -> install(UUID.randomUUID().toString()));
      assertTrue(junk < 1_000, "junk installs admitted: " + junk + " of 20,000 (max_keys 1,000)");
      HttpResponse<Buffer> again = post(gateway.port(), "/v1/roku/install", TV, install(real)).await(10, TimeUnit.SECONDS);
      assertEquals(200, again.statusCode(), "the real device is still a duplicate: " + again.bodyAsString());
      assertEquals(0, gateway.terminate());
    }
  }

  @Test
  void junkInstallsFromOneAddressCannotFillTheBacklog(@TempDir Path dir) throws Exception {
    kochavaUp.set(false);
    JsonObject config = config(dir);
    config.getJsonObject("journal").put("max_unsettled_records", 1_000);
    config.getJsonObject("admin").put("port", 0);
    try (GatewayProcess gateway = GatewayProcess.start(dir, "flood-backlog", config, Map.of())) {
      long junk = flood(gateway.port(), "/v1/roku/install", ATTACKER, 4_000, i -> install(UUID.randomUUID().toString()));
      assertTrue(junk < 1_000, "junk installs admitted: " + junk + " of 4,000 (backlog limit 1,000)");
      HttpResponse<Buffer> tv = post(gateway.port(), "/v1/roku/install", TV, install(UUID.randomUUID().toString()))
          .await(10, TimeUnit.SECONDS);
      assertEquals(202, tv.statusCode(), "a real TV is still taken: " + tv.bodyAsString());
      assertEquals(0, gateway.terminate());
    }
  }
}
