package io.ctvgateway.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.testing.FakeKochava;
import io.ctvgateway.testing.GatewayProcess;
import io.ctvgateway.testing.PrometheusTools;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's package) scraping the real jar under a little traffic, with the shipped alert rules
 * loaded: every query of the shipped Grafana dashboard must evaluate without error and return series, every rule
 * must be healthy, and the scrape passes {@code promtool check metrics}.
 */
@Timeout(180)
class PrometheusIT {

  @Test
  void everyDashboardQueryReturnsDataFromARealPrometheusScrapingARealGateway(@TempDir Path dir) throws Exception {
    Vertx vertx = Vertx.vertx();
    Process prometheus = null;
    try {
      FakeKochava kochava = FakeKochava.start(vertx);
      kochava.otherwise(r -> r.body().contains("koapp-rejected") ? FakeKochava.Answer.status(400, "{}")
          : FakeKochava.Answer.ok());
      int adminPort = FakeKochava.freePort();
      Map<String, String> env = Map.of(
          "CTVGW_HTTP_PORT", "0",
          "CTVGW_ADMIN_PORT", Integer.toString(adminPort),
          "CTVGW_UPSTREAM_URL", kochava.url(),
          "CTVGW_DATA_DIR", dir.resolve("data").toString(),
          "CTVGW_UNKNOWN_APPS", "accept");
      try (GatewayProcess gateway = GatewayProcess.start(dir, "prometheus", List.of(), env)) {
        WebClient client = WebClient.create(vertx);
        traffic(client, gateway.port(), 0);
        // A GC in the gateway, so the JVM's pause histogram has an observation (a quiet JVM may not collect at all).
        Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
            Long.toString(gateway.process().pid()), "GC.run").redirectErrorStream(true).start();
        assertTrue(gc.waitFor(30, TimeUnit.SECONDS));

        int webPort = FakeKochava.freePort();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, String.join("\n",
            "global:",
            "  scrape_interval: 1s",
            "  evaluation_interval: 1s",
            "rule_files:",
            "  - " + Path.of("docs", "ops", "prometheus-alerts.yml").toAbsolutePath(),
            "scrape_configs:",
            "  - job_name: ctv-gateway",
            "    static_configs:",
            "      - targets: ['127.0.0.1:" + adminPort + "']",
            ""));
        prometheus = new ProcessBuilder(PrometheusTools.binary("prometheus"), "--config.file=" + config,
            "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + webPort)
            .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        String base = "http://127.0.0.1:" + webPort;
        long up = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!ready(client, base)) {
          assertTrue(System.nanoTime() < up && prometheus.isAlive(), "Prometheus did not start: "
              + Files.readString(dir.resolve("prometheus.log")));
          Thread.sleep(200);
        }

        // Traffic while Prometheus scrapes, so rates have two samples with a change between them.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int round = 1;
        while (query(client, base, "sum(ctvgw_installs_total)").size() == 0
            || query(client, base, "count_over_time(up{job=\"ctv-gateway\"}[1m])").getJsonObject(0)
                .getJsonArray("value").getString(1).compareTo("6") < 0) {
          assertTrue(System.nanoTime() < deadline, "Prometheus did not scrape the gateway: "
              + Files.readString(dir.resolve("prometheus.log")));
          traffic(client, gateway.port(), round++);
          Thread.sleep(500);
        }
        traffic(client, gateway.port(), round);
        Thread.sleep(2_500);

        JsonObject dashboard = new JsonObject(Files.readString(Path.of("docs", "ops", "grafana-dashboard.json")));
        List<String> failures = new ArrayList<>();
        int queries = 0;
        for (Object panel : dashboard.getJsonArray("panels")) {
          for (Object target : ((JsonObject) panel).getJsonArray("targets")) {
            String expr = ((JsonObject) target).getString("expr")
                .replace("$__rate_interval", "30s").replace("$instance", ".*");
            queries++;
            try {
              JsonArray result = query(client, base, expr);
              if (result.isEmpty()) {
                failures.add(((JsonObject) panel).getString("title") + ": no series for " + expr);
              }
            } catch (AssertionError e) {
              failures.add(((JsonObject) panel).getString("title") + ": " + e.getMessage());
            }
          }
        }
        assertEquals(List.of(), failures, "dashboard queries without data");
        assertTrue(queries >= 20, "queries: " + queries);

        JsonObject rules = client.getAbs(base + "/api/v1/rules").send().await(10, TimeUnit.SECONDS).bodyAsJsonObject();
        int loaded = 0;
        for (Object group : rules.getJsonObject("data").getJsonArray("groups")) {
          for (Object rule : ((JsonObject) group).getJsonArray("rules")) {
            loaded++;
            assertEquals("ok", ((JsonObject) rule).getString("health"), ((JsonObject) rule).encode());
          }
        }
        assertEquals(io.ctvgateway.OpsFilesTestAccess.alertCount(), loaded);

        String scrape = client.get(adminPort, "127.0.0.1", "/metrics").send().await(10, TimeUnit.SECONDS).bodyAsString();
        PrometheusTools.Run lint = PrometheusTools.promtool(scrape, "check", "metrics");
        assertEquals(0, lint.exit(), lint.output());
        assertEquals(0, gateway.terminate());
      }
    } finally {
      if (prometheus != null) {
        prometheus.destroy();
        prometheus.waitFor(20, TimeUnit.SECONDS);
      }
      vertx.close().await();
    }
  }

  /** Installs on two platforms, a duplicate, events, a bad request and a dead letter. */
  private static void traffic(WebClient client, int port, int round) throws Exception {
    JsonObject roku = install("koapp-metrics", new JsonObject().put("rida", UUID.randomUUID().toString()));
    send(client, port, "/v1/roku/install", roku);
    send(client, port, "/v1/roku/install", roku);
    send(client, port, "/v1/lg-webos/install", new JsonObject().put("app_id", "koapp-metrics")
        .put("ids", new JsonObject().put("lgudid", UUID.randomUUID().toString())).put("os_version", "7.0.0"));
    send(client, port, "/v1/roku/event", install("koapp-metrics", new JsonObject().put("rida",
        UUID.randomUUID().toString())).put("event_name", "play_" + round));
    send(client, port, "/v1/roku/install", new JsonObject().put("app_id", "koapp-metrics")
        .put("ids", new JsonObject().put("rida", "not-an-id")));
    send(client, port, "/v1/roku/install", install("koapp-rejected", new JsonObject().put("rida",
        UUID.randomUUID().toString())));
  }

  private static JsonObject install(String app, JsonObject ids) {
    return new JsonObject().put("app_id", app).put("ids", ids).put("os_version", "12.0.0.4186").put("model", "3920X");
  }

  private static void send(WebClient client, int port, String path, JsonObject body) throws Exception {
    client.post(port, "127.0.0.1", path).putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(body.encode())).await(10, TimeUnit.SECONDS);
  }

  private static boolean ready(WebClient client, String base) {
    try {
      return client.getAbs(base + "/-/ready").send().await(5, TimeUnit.SECONDS).statusCode() == 200;
    } catch (Exception e) {
      return false;
    }
  }

  /** An instant query's result, or an AssertionError with Prometheus's error. */
  private static JsonArray query(WebClient client, String base, String expr) throws Exception {
    var answer = client.getAbs(base + "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8))
        .send().await(10, TimeUnit.SECONDS);
    if (answer.statusCode() != 200) {
      throw new AssertionError(answer.statusCode() + " " + answer.bodyAsString());
    }
    return answer.bodyAsJsonObject().getJsonObject("data").getJsonArray("result");
  }
}
