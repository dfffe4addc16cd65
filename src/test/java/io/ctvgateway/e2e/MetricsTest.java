package io.ctvgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.metrics.GatewayMetrics;
import io.ctvgateway.testing.FakeKochava;
import io.ctvgateway.testing.FakeKochava.Answer;
import io.ctvgateway.testing.PrometheusTools;
import io.ctvgateway.testing.Scrape;
import io.ctvgateway.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scrape as production builds it (a registry with the JVM binders, Vert.x reporting its HTTP metrics to it):
 * the histograms hold real observations after installs, events and deliveries, installs and events are counted
 * apart, nothing a client sends creates a series, and {@code promtool check metrics} accepts it.
 */
class MetricsTest {
  private Vertx vertx;
  private Vertx kochavaVertx;
  private FakeKochava kochava;
  private TestGateway gateway;
  private GatewayMetrics metrics;

  @BeforeEach
  void start(@TempDir Path data) throws Exception {
    metrics = GatewayMetrics.create(Set.of("koapp-listed"), "test", "abc1234");
    vertx = metrics.vertx(new VertxOptions());
    kochavaVertx = Vertx.vertx();
    kochava = FakeKochava.start(kochavaVertx);
    kochava.otherwise(r -> r.body().contains("koapp-rejected") ? Answer.status(400, "{\"error\":\"no\"}") : Answer.ok());
    JsonObject config = TestGateway.config(data, kochava.url());
    config.put("apps", new JsonObject().put("koapp-listed", new JsonObject()));
    gateway = TestGateway.start(vertx, config, metrics);
  }

  @AfterEach
  void stop() throws Exception {
    gateway.close();
    vertx.close().await();
    kochavaVertx.close().await();
  }

  private static JsonObject install(String app) {
    return new JsonObject().put("app_id", app).put("ids", new JsonObject().put("rida", UUID.randomUUID().toString()))
        .put("os_version", "12.0.0.4186").put("model", "3920X");
  }

  private Scrape scrape() throws Exception {
    String text = WebClient.create(vertx).get(gateway.gateway().adminPort(), "127.0.0.1", "/metrics").send()
        .await(10, TimeUnit.SECONDS).bodyAsString();
    return Scrape.of(text);
  }

  private int post(String path, JsonObject body) throws Exception {
    return gateway.post(path, Map.of("Content-Type", "application/json"), Buffer.buffer(body.encode())).statusCode();
  }

  @Test
  void aScrapeHoldsRealObservationsAndPassesPromtool() throws Exception {
    JsonObject twice = install("koapp-listed");
    assertEquals(202, post("/v1/roku/install", twice));
    assertEquals(200, post("/v1/roku/install", twice));
    assertEquals(202, post("/v1/roku/install", install("koapp-unlisted")));
    assertEquals(202, post("/v1/roku/event", install("koapp-listed").put("event_name", "play")));
    assertEquals(200, post("/v1/roku/events", install("koapp-listed").put("events",
        new JsonArray().add(new JsonObject().put("event_name", "a")).add(new JsonObject().put("event_name", "b")))));
    assertEquals(400, post("/v1/roku/install", new JsonObject().put("app_id", "koapp-listed")
        .put("ids", new JsonObject().put("rida", "nope"))));
    assertEquals(202, post("/v1/roku/install", install("koapp-rejected")));
    gateway.await("delivered and dead-lettered", () -> kochava.accepted().size() == 5
        && gateway.gateway().deliveryStats().deadLettered() == 1);
    System.gc(); // a GC pause for jvm_gc_pause_seconds
    Thread.sleep(200);

    Scrape scrape = scrape();
    // Installs and events apart, by platform, app (listed, or other) and outcome.
    assertEquals(1.0, scrape.value("ctvgw_installs_total", Map.of("platform", "roku", "app", "koapp-listed",
        "outcome", "accepted")));
    assertEquals(1.0, scrape.value("ctvgw_installs_total", Map.of("app", "koapp-listed", "outcome", "duplicate")));
    assertEquals(2.0, scrape.value("ctvgw_installs_total", Map.of("app", "other", "outcome", "accepted")),
        "koapp-unlisted and koapp-rejected are not listed: other");
    assertEquals(3.0, scrape.value("ctvgw_events_total", Map.of("platform", "roku", "outcome", "accepted")));
    assertEquals(1.0, scrape.value("ctvgw_request_errors_total", Map.of("endpoint", "install", "code", "invalid_format")));

    // Histograms with observations.
    assertEquals(2.0, scrape.value("ctvgw_ingest_duration_seconds_count", Map.of("endpoint", "install",
        "platform", "roku", "outcome", "accepted")) - 1, 0.0, "three accepted installs");
    assertEquals(1.0, scrape.value("ctvgw_ingest_duration_seconds_count", Map.of("endpoint", "install",
        "outcome", "rejected")));
    assertEquals(1.0, scrape.value("ctvgw_ingest_duration_seconds_count", Map.of("endpoint", "events")));
    assertEquals(scrape.value("ctvgw_ingest_duration_seconds_count", Map.of("endpoint", "install", "outcome", "accepted")),
        scrape.value("ctvgw_ingest_duration_seconds_bucket", Map.of("endpoint", "install", "outcome", "accepted",
            "le", "+Inf")));
    assertTrue(scrape.value("ctvgw_ingest_duration_seconds_bucket", Map.of("le", "0.005")) > 0, "the 5 ms bucket");
    assertTrue(scrape.value("ctvgw_journal_fsync_seconds_count") > 0);
    assertTrue(scrape.value("ctvgw_journal_append_duration_seconds_count") >= 6);
    assertEquals(5.0, scrape.value("ctvgw_upstream_duration_seconds_count", Map.of("result", "delivered")));
    assertEquals(1.0, scrape.value("ctvgw_upstream_duration_seconds_count", Map.of("result", "invalid")));
    assertEquals(5.0, scrape.value("ctvgw_install_age_at_delivery_seconds_count"));
    assertEquals(1.0, scrape.value("ctvgw_dead_letter_age_seconds_count", Map.of("reason", "rejected")));

    // The JVM, the process, Vert.x's HTTP server and client, the build.
    assertTrue(scrape.value("jvm_memory_used_bytes") > 0);
    assertTrue(scrape.value("jvm_gc_pause_seconds_count") >= 1, "GC pauses");
    assertTrue(scrape.value("jvm_threads_live_threads") > 0);
    assertFalse(Double.isNaN(scrape.value("process_cpu_usage")));
    double installRoutes = scrape.samples().stream()
        .filter(s -> s.name().equals("vertx_http_server_requests_total")
            && s.labels().getOrDefault("route", "").endsWith("/v1/:platform/install"))
        .mapToDouble(Scrape.Sample::value).sum();
    assertEquals(5.0, installRoutes, "the route pattern, never the path sent");
    double direct = scrape.samples().stream()
        .filter(s -> s.name().equals("vertx_http_server_requests_total")
            && "/v1/:platform/install".equals(s.labels().get("route")))
        .mapToDouble(Scrape.Sample::value).sum();
    // The router labels its routes as a chain ("/v1/>/v1/:platform/install"); installs skip it (IngestRoutes) and
    // are labelled with their own pattern alone.
    assertEquals(5.0, direct, "installs took the direct path");
    assertTrue(scrape.value("vertx_http_client_requests_total") >= 6, "the requests to Kochava");
    assertEquals(1.0, scrape.value("ctvgw_build_info", Map.of("version", "test", "commit", "abc1234")));

    PrometheusTools.Run lint = PrometheusTools.promtool(scrape.text(), "check", "metrics");
    assertEquals(0, lint.exit(), lint.output());
  }

  @Test
  void nothingAClientSendsCreatesASeries() throws Exception {
    // One of each kind first, so every series the unknown can land in exists (and a scrape, for its own).
    assertEquals(404, post("/v1/made-up/install", install("koapp-listed")));
    assertEquals(404, post("/v1/made-up/event", install("koapp-listed").put("event_name", "x")));
    assertEquals(202, post("/v1/roku/install", install("attacker-0")));
    assertEquals(202, post("/v1/roku/event", install("attacker-0").put("event_name", "x")));
    assertEquals(404, post("/v1/roku/nowhere", install("attacker-0")));
    gateway.await("delivered", () -> kochava.accepted().size() == 2);
    scrape();
    Set<String> before = scrape().series();

    for (int i = 1; i <= 30; i++) {
      assertEquals(404, post("/v1/made-up-" + i + "/install", install("koapp-listed")));
      assertEquals(404, post("/v1/made-up-" + i + "/event", install("koapp-listed").put("event_name", "x")));
      assertEquals(202, post("/v1/roku/install", install("attacker-" + i)));
      assertEquals(202, post("/v1/roku/event", install("attacker-" + i).put("event_name", "x" + i)));
      assertEquals(404, post("/v1/roku/nowhere-" + i, install("attacker-0")));
    }
    gateway.await("delivered", () -> kochava.accepted().size() == 62);
    Set<String> after = scrape().series();
    Set<String> added = new java.util.TreeSet<>(after);
    added.removeAll(before);
    // Gauges of the JVM may come and go (a GC pool that appears); nothing of ours or of the HTTP server may.
    added.removeIf(series -> series.startsWith("jvm_") || series.startsWith("process_") || series.startsWith("system_"));
    assertEquals(Set.of(), added, "series added by made-up platforms, apps and paths");
  }
}
