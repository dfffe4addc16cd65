package io.ctvgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.testing.FakeKochava.Answer;
import io.ctvgateway.testing.GatewayTestBase;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The backlog limit is exact under concurrency: appends in flight count, so no burst overshoots it. */
@Timeout(60)
class BacklogLimitTest extends GatewayTestBase {
  private static final int LIMIT = 50;

  @Override
  protected JsonObject configure(JsonObject config) {
    // One fsync per append: many appends are in flight at once, which is when a check-then-append overshoots.
    config.getJsonObject("journal").put("max_unsettled_records", LIMIT).put("fsync", "each");
    config.put("http", config.getJsonObject("http").put("instances", 2));
    return config;
  }

  private List<Integer> burst(WebClient client, int count) throws Exception {
    List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      answers.add(client.post(gateway.port(), "127.0.0.1", "/v1/roku/install")
          .putHeader("Content-Type", "application/json")
          .sendJsonObject(UpstreamFailureTest.install(UUID.randomUUID().toString())));
    }
    Future.join(answers).await(30, TimeUnit.SECONDS);
    List<Integer> statuses = new ArrayList<>();
    answers.forEach(a -> statuses.add(a.result().statusCode()));
    return statuses;
  }

  @Test
  void aBurstOnSeveralEventLoopsNeverTakesMoreThanTheLimit() throws Exception {
    kochava.otherwise(received -> new Answer(200, "", null, -1)); // never answers: nothing settles
    WebClient client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(128));
    List<Integer> first = burst(client, 600);
    long accepted = first.stream().filter(s -> s == 202).count();
    assertTrue(accepted <= LIMIT, accepted + " accepted with a limit of " + LIMIT);
    assertTrue(first.stream().allMatch(s -> s == 202 || s == 503), String.valueOf(first));
    // Quiet now: whatever room a burst's double counting left is taken, and not one more.
    for (int i = 0; i < 100; i++) {
      accepted += burst(client, 1).stream().filter(s -> s == 202).count();
    }
    assertEquals(LIMIT, accepted);
    assertEquals(LIMIT, gateway.gateway().journal().unsettledRecords());
    client.close();
  }
}
