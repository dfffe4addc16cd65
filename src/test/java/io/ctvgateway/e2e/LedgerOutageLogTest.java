package io.ctvgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.install.Intake;
import io.ctvgateway.testing.FakeKochava;
import io.ctvgateway.testing.LogCapture;
import io.ctvgateway.testing.RedisServer;
import io.ctvgateway.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Redis outage under load is a line when it starts and one when it ends, not one per refused install. */
class LedgerOutageLogTest {

  private static JsonObject install() {
    return new JsonObject().put("app_id", "koctv-outage").put("ids", new JsonObject().put("rida", UUID.randomUUID().toString()))
        .put("model", "3920X");
  }

  @Test
  void aRedisOutageLogsOneLinePerStateChange(@TempDir Path dir) throws Exception {
    Vertx vertx = Vertx.vertx();
    try (RedisServer redis = RedisServer.start(dir)) {
      FakeKochava kochava = FakeKochava.start(vertx);
      JsonObject config = TestGateway.config(dir.resolve("data"), kochava.url())
          .put("ledger", new JsonObject().put("type", "redis").put("redis", new JsonObject()
              .put("url", redis.url()).put("timeout_ms", 200).put("health_interval_ms", 100)));
      try (TestGateway gateway = TestGateway.start(vertx, config); LogCapture log = LogCapture.of(Intake.class)) {
        assertEquals(202, gateway.install("roku", install()).statusCode());
        redis.stop();
        for (int i = 0; i < 10; i++) {
          assertEquals(503, gateway.install("roku", install()).statusCode());
        }
        redis.start();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (gateway.install("roku", install()).statusCode() != 202) {
          assertTrue(System.nanoTime() < deadline, "Redis did not answer again in 20 s");
          Thread.sleep(50);
        }
        List<String> lines = log.lines();
        assertEquals(1, lines.stream().filter(l -> l.contains("event=ledger_unavailable")).count(), lines.toString());
        List<String> back = lines.stream().filter(l -> l.contains("event=ledger_available")).toList();
        assertEquals(1, back.size(), lines.toString());
        assertTrue(back.get(0).matches(".*refused_while_unavailable=(1[0-9]|[2-9][0-9]).*"), back.get(0));
      }
    } finally {
      vertx.close().await();
    }
  }
}
