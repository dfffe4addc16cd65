package io.ctvgateway.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.testing.FakeKochava.Answer;
import io.ctvgateway.testing.GatewayTestBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Readiness says whether this instance should get installs: not whether Kochava is up. */
class ReadinessTest extends GatewayTestBase {

  @Override
  protected JsonObject configure(JsonObject config) {
    config.getJsonObject("admin").put("max_backlog_age_ms", 1_000);
    return config;
  }

  private JsonObject ready() throws Exception {
    HttpResponse<Buffer> answer = WebClient.create(vertx).get(gateway.gateway().adminPort(), "127.0.0.1", "/health/ready")
        .send().await(10, TimeUnit.SECONDS);
    return new JsonObject().put("status", answer.statusCode()).put("body", answer.bodyAsJsonObject());
  }

  private String metrics() throws Exception {
    return WebClient.create(vertx).get(gateway.gateway().adminPort(), "127.0.0.1", "/metrics")
        .send().await(10, TimeUnit.SECONDS).bodyAsString();
  }

  @Test
  void aKochavaOutageLongerThanTheMaxBacklogAgeKeepsTheGatewayReadyAndReportsTheBacklogStale() throws Exception {
    kochava.otherwise(r -> Answer.status(503, "down"));
    assertEquals(202, gateway.install("roku", AdminApiTest.install()).statusCode());
    Thread.sleep(1_300); // older than admin.max_backlog_age_ms
    JsonObject ready = ready();
    assertEquals(200, ready.getInteger("status"), ready.encodePrettily());
    JsonObject backlog = ready.getJsonObject("body").getJsonObject("checks").getJsonObject("backlog");
    assertTrue(backlog.getBoolean("stale"), backlog.encode());
    assertTrue(backlog.getLong("oldest_age_ms") >= 1_000, backlog.encode());
    assertEquals(1.0, io.ctvgateway.testing.Scrape.of(metrics()).value("ctvgw_backlog_stale"), "the gauge to alert on");
    // Still buffering: the next install is taken.
    assertEquals(202, gateway.install("roku", AdminApiTest.install()).statusCode());
  }

  @Test
  void aJournalThatStoppedTakingAppendsMakesTheGatewayUnready() throws Exception {
    assertEquals(200, ready().getInteger("status"));
    gateway.gateway().journal().failNextFsync(new IOException("Input/output error"));
    HttpResponse<Buffer> failed = gateway.install("roku", AdminApiTest.install());
    assertEquals(503, failed.statusCode(), failed.bodyAsString());

    JsonObject ready = ready();
    assertEquals(503, ready.getInteger("status"), ready.encodePrettily());
    JsonObject journal = ready.getJsonObject("body").getJsonObject("checks").getJsonObject("journal");
    assertFalse(journal.getBoolean("takes_appends"), journal.encode());
    assertEquals("storage_unavailable", ready.getJsonObject("body").getJsonObject("checks").getJsonObject("ingest")
        .getString("refusal"));
    assertEquals(0.0, io.ctvgateway.testing.Scrape.of(metrics()).value("ctvgw_journal_takes_appends"));
    // Every later install is refused at once, with the reason, rather than queued behind a dead writer.
    HttpResponse<Buffer> refused = gateway.install("roku", AdminApiTest.install());
    assertEquals(503, refused.statusCode());
    assertEquals("storage_unavailable", refused.bodyAsJsonObject().getJsonObject("error").getString("code"));
    assertTrue(refused.getHeader("Retry-After") != null);
  }
}
