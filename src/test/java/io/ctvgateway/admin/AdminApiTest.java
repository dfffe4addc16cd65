package io.ctvgateway.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.testing.FakeKochava.Answer;
import io.ctvgateway.testing.GatewayTestBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.UUID;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The operator's API on its own port: health, readiness, metrics, dead letters. */
@Timeout(60)
class AdminApiTest extends GatewayTestBase {
  private WebClient client;
  private final AtomicBoolean down = new AtomicBoolean();

  @Override
  protected JsonObject configure(JsonObject config) {
    config.getJsonObject("journal").put("max_unsettled_records", 3);
    return config;
  }

  @BeforeEach
  void start() {
    kochava.otherwise(r -> down.get() ? Answer.status(503, "down") : Answer.ok());
    client = WebClient.create(vertx);
  }

  private HttpResponse<Buffer> admin(HttpMethod method, String path) throws Exception {
    return client.request(method, gateway.gateway().adminPort(), "127.0.0.1", path).send().await(10, TimeUnit.SECONDS);
  }

  static JsonObject install() {
    return new JsonObject().put("app_id", "koctv-admin")
        .put("ids", new JsonObject().put("rida", UUID.randomUUID().toString())).put("model", "3920X");
  }

  @Test
  void liveAndReadyWhenIdle() throws Exception {
    assertEquals("up", admin(HttpMethod.GET, "/health/live").bodyAsJsonObject().getString("status"));
    HttpResponse<Buffer> ready = admin(HttpMethod.GET, "/health/ready");
    assertEquals(200, ready.statusCode(), ready.bodyAsString());
    assertEquals("ready", ready.bodyAsJsonObject().getString("status"));
  }

  @Test
  void notReadyWhileTheBacklogIsFullAndReadyAgainWhenItDrains() throws Exception {
    down.set(true);
    for (int i = 0; i < 3; i++) {
      assertEquals(202, gateway.install("roku", install()).statusCode());
    }
    HttpResponse<Buffer> notReady = admin(HttpMethod.GET, "/health/ready");
    assertEquals(503, notReady.statusCode());
    assertEquals("backlog_full", notReady.bodyAsJsonObject().getJsonObject("checks").getJsonObject("ingest")
        .getString("refusal"));

    down.set(false);
    gateway.await("the backlog drained", () -> gateway.gateway().journal().stats().unsettledRecords() == 0);
    assertEquals(200, admin(HttpMethod.GET, "/health/ready").statusCode());
  }

  @Test
  void metricsCountAnswersDeliveriesAndTheJournal() throws Exception {
    gateway.install("roku", install());
    JsonObject same = install();
    gateway.install("roku", same);
    gateway.install("roku", same);
    gateway.install("betamax", install());
    gateway.await("deliveries", () -> kochava.accepted().size() == 2);
    gateway.await("settled", () -> gateway.gateway().journal().stats().unsettledRecords() == 0);

    String metrics = admin(HttpMethod.GET, "/metrics").bodyAsString();
    io.ctvgateway.testing.Scrape scrape = io.ctvgateway.testing.Scrape.of(metrics);
    assertEquals(2.0, scrape.value("ctvgw_installs_total", Map.of("platform", "roku", "outcome", "accepted")), metrics);
    assertEquals(1.0, scrape.value("ctvgw_installs_total", Map.of("platform", "roku", "outcome", "duplicate")), metrics);
    assertEquals(1.0, scrape.value("ctvgw_request_errors_total", Map.of("endpoint", "install", "platform", "unknown",
        "status", "404", "code", "unknown_platform")), metrics);
    assertEquals(2.0, scrape.value("ctvgw_deliveries_total", Map.of("result", "delivered")), metrics);
    assertEquals(2.0, scrape.value("ctvgw_journal_appends_total"), metrics);
    assertEquals(0.0, scrape.value("ctvgw_journal_unsettled_records"), metrics);
    assertEquals(2.0, scrape.value("ctvgw_ledger_keys"), metrics);
  }

  @Test
  void deadLettersAreListedAndRequeuedOverHttp() throws Exception {
    AtomicBoolean reject = new AtomicBoolean(true);
    kochava.otherwise(r -> reject.get() ? Answer.status(400, "{\"error\":\"bad\"}") : Answer.ok());
    gateway.install("roku", install());
    gateway.await("a dead letter", () -> gateway.gateway().deliveryStats().deadLettered() == 1);

    JsonObject listed = admin(HttpMethod.GET, "/dead-letters").bodyAsJsonObject();
    assertEquals(1, listed.getLong("total"));
    JsonObject letter = listed.getJsonArray("dead_letters").getJsonObject(0);
    assertEquals("rejected", letter.getString("reason"));
    assertEquals(400, letter.getInteger("status"));
    assertEquals(404, admin(HttpMethod.POST, "/dead-letters/999/requeue").statusCode());

    reject.set(false);
    HttpResponse<Buffer> requeued = admin(HttpMethod.POST, "/dead-letters/" + letter.getLong("id") + "/requeue");
    assertEquals(1, requeued.bodyAsJsonObject().getInteger("requeued"));
    gateway.await("the re-queued install delivered", () -> kochava.accepted().size() == 1);
    assertEquals(0, admin(HttpMethod.GET, "/dead-letters").bodyAsJsonObject().getLong("total"));
  }

  @Test
  void previewShowsExactlyWhatKochavaWillGetAndStoresNothing() throws Exception {
    JsonObject install = install().put("os_version", "12.0.0.4186").put("usertime", 1_700_000_000L);
    HttpResponse<Buffer> preview = client.post(gateway.gateway().adminPort(), "127.0.0.1", "/preview/roku/install")
        .putHeader("X-Preview-Ip", "127.0.0.1")
        .sendBuffer(Buffer.buffer(install.encode())).await(10, TimeUnit.SECONDS);

    assertEquals(200, preview.statusCode(), preview.bodyAsString());
    JsonObject shown = preview.bodyAsJsonObject();
    assertEquals("Roku/DVP-12.0 (12.0.0.4186)", shown.getString("upstream_user_agent"));
    assertEquals("TEMPLATE", shown.getString("ua_source"));
    assertEquals("rida/" + install.getJsonObject("ids").getString("rida"), shown.getString("install_key"));
    assertEquals(0, gateway.gateway().journal().stats().appendedRecords(), "a preview stores nothing");

    assertEquals(202, gateway.install("roku", install).statusCode(), "nor claims the install");
    gateway.await("the real install", () -> kochava.accepted().size() == 1);
    assertEquals(shown.getJsonObject("upstream_body"), kochava.accepted().get(0).json());
    // Byte for byte: the answer's text carries the very bytes sent (escapes included), and so does the string.
    assertEquals(kochava.accepted().get(0).body(), shown.getString("upstream_body_text"));
    assertTrue(preview.bodyAsString().startsWith("{\"upstream_body\":" + kochava.accepted().get(0).body() + ","),
        preview.bodyAsString());

    HttpResponse<Buffer> bad = client.post(gateway.gateway().adminPort(), "127.0.0.1", "/preview/roku/install")
        .sendBuffer(Buffer.buffer("{\"app_id\":\"x\",\"ids\":{\"rida\":\"abc\"}}")).await(10, TimeUnit.SECONDS);
    assertEquals(400, bad.statusCode());
    assertEquals("ids.rida", bad.bodyAsJsonObject().getJsonObject("error").getString("field"));
  }
}
