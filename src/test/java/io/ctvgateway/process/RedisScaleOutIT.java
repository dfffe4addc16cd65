package io.ctvgateway.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.testing.Conditions;
import io.ctvgateway.testing.FakeKochava;
import io.ctvgateway.testing.GatewayProcess;
import io.ctvgateway.testing.RedisServer;
import io.ctvgateway.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out with the real jar: two gateway processes, each with its own data directory, sharing one
 * redis-server that the test stops and starts again, in front of one fake Kochava.
 */
@Timeout(180)
class RedisScaleOutIT {
  private static final Pattern ADMIN_PORT = Pattern.compile("event=ready http_port=\\d+ admin_port=(\\d+)");

  @TempDir
  Path dir;
  private Vertx vertx;
  private FakeKochava kochava;
  private RedisServer redis;
  private WebClient client;
  private final List<GatewayProcess> gateways = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    kochava = FakeKochava.start(vertx);
    client = WebClient.create(vertx, new WebClientOptions(), new PoolOptions().setHttp1MaxSize(64));
  }

  @AfterEach
  void stop() throws Exception {
    for (GatewayProcess gateway : gateways) {
      gateway.close();
    }
    if (redis != null) {
      redis.close();
    }
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /**
   * A gateway on the shared Redis. The Redis deadline is 2 s rather than the default 250 ms: three cold JVMs and
   * Redis share the CI machine's cores during the bursts below, and what is under test is the ledger's answers.
   */
  private GatewayProcess gateway(String name, String onUnavailable) throws Exception {
    JsonObject config = TestGateway.config(Files.createDirectories(dir.resolve(name)), kochava.url());
    config.put("ledger", new JsonObject().put("redis", new JsonObject()
        .put("key_prefix", "ctvgw-it:")
        .put("on_unavailable", onUnavailable)
        .put("timeout_ms", 2_000)
        .put("health_interval_ms", 100)));
    GatewayProcess gateway = GatewayProcess.start(dir, name, config,
        Map.of("CTVGW_LEDGER", "redis", "CTVGW_REDIS_URL", redis.url()));
    gateways.add(gateway);
    return gateway;
  }

  private static int adminPort(GatewayProcess gateway) throws Exception {
    Matcher matcher = ADMIN_PORT.matcher(gateway.output());
    assertTrue(matcher.find(), gateway.output());
    return Integer.parseInt(matcher.group(1));
  }

  private static JsonObject install(String rida) {
    return new JsonObject().put("app_id", "koctv-scale").put("ids", new JsonObject().put("rida", rida))
        .put("os_version", "12.0.0.4186").put("model", "3920X");
  }

  private Future<HttpResponse<Buffer>> send(GatewayProcess gateway, String rida) {
    return client.post(gateway.port(), "127.0.0.1", "/v1/roku/install")
        .putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(install(rida).encode()));
  }

  /** Sends until the answer is not a 503 (a claim left pending by Redis's stop expires within 30 s). */
  private HttpResponse<Buffer> sendUntilTaken(GatewayProcess gateway, String rida) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      HttpResponse<Buffer> answer = send(gateway, rida).await(10, TimeUnit.SECONDS);
      if (answer.statusCode() != 503 || System.nanoTime() > deadline) {
        return answer;
      }
    }
  }

  private HttpResponse<Buffer> admin(GatewayProcess gateway, String path) throws Exception {
    return client.get(adminPort(gateway), "127.0.0.1", path).send().await(10, TimeUnit.SECONDS);
  }

  /** The sum of a family's samples whose labels include {@code labels} (every sample of it when there are none). */
  private long metric(GatewayProcess gateway, String name, Map<String, String> labels) throws Exception {
    double value = io.ctvgateway.testing.Scrape.of(admin(gateway, "/metrics").bodyAsString()).value(name, labels);
    if (Double.isNaN(value)) {
      throw new AssertionError("no series " + name + labels);
    }
    return (long) value;
  }

  private long sum(String name) throws Exception {
    return sum(name, Map.of());
  }

  private long sum(String name, Map<String, String> labels) throws Exception {
    long total = 0;
    for (GatewayProcess gateway : gateways) {
      total += metric(gateway, name, labels);
    }
    return total;
  }

  /** Every install Kochava accepted, by its Kochava device id (stable per install key across gateways). */
  private Map<String, Integer> forwardedByDevice() {
    Map<String, Integer> counts = new HashMap<>();
    kochava.accepted().forEach(r -> counts.merge(r.json().getString("kochava_device_id"), 1, Integer::sum));
    return counts;
  }

  /** Waits until both journals are drained, then checks that Kochava got {@code devices} installs, once each. */
  private void assertForwardedOnceEach(int devices) throws Exception {
    Conditions.await(vertx, devices + " installs at Kochava", () -> kochava.accepted().size() >= devices);
    eventually("both journals drained", () -> sum("ctvgw_journal_unsettled_records") == 0);
    Map<String, Integer> forwarded = forwardedByDevice();
    assertEquals(devices, forwarded.size(), "distinct installs at Kochava");
    forwarded.forEach((device, count) -> assertEquals(1, count, device + " forwarded " + count + " times"));
    assertEquals(devices, kochava.accepted().size());
  }

  /** Asks {@code condition} (which may call the gateways) until it holds, 60 s at most. */
  private void eventually(String what, Callable<Boolean> condition) throws Exception {
    Conditions.eventually(vertx, what, 60, condition, () -> "");
  }


  /** The gateways' ledger log lines, for failure messages. */
  private String ledgerEvents() throws Exception {
    StringBuilder out = new StringBuilder();
    for (GatewayProcess gateway : gateways) {
      gateway.output().lines().filter(line -> line.contains("event=ledger")).limit(20)
          .forEach(line -> out.append(line).append('\n'));
    }
    return out.toString();
  }

  private static String status(HttpResponse<Buffer> answer) {
    return answer.bodyAsJsonObject().getString("status");
  }

  private static String receipt(HttpResponse<Buffer> answer) {
    return answer.bodyAsJsonObject().getString("receipt");
  }

  @Test
  void theSameInstallSentToTwoGatewaysConcurrentlyReachesKochavaOnceAndEveryRepeatCarriesTheFirstReceipt()
      throws Exception {
    redis = RedisServer.start(dir);
    GatewayProcess one = gateway("one", "fail_closed");
    GatewayProcess two = gateway("two", "fail_closed");
    int devices = 150;
    int copies = 6;
    List<String> ridas = new ArrayList<>();
    List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
    for (int d = 0; d < devices; d++) {
      String rida = UUID.randomUUID().toString();
      ridas.add(rida);
      for (int c = 0; c < copies; c++) {
        answers.add(send(c % 2 == 0 ? one : two, rida));
      }
    }
    Future.join(answers).await(60, TimeUnit.SECONDS);
    for (int d = 0; d < devices; d++) {
      int accepted = 0;
      String first = null;
      List<String> duplicates = new ArrayList<>();
      for (int c = 0; c < copies; c++) {
        HttpResponse<Buffer> answer = answers.get(d * copies + c).result();
        if (answer.statusCode() == 202) {
          accepted++;
          first = receipt(answer);
        } else {
          assertEquals(200, answer.statusCode(), answer.bodyAsString() + "\n" + ledgerEvents());
          assertEquals("duplicate", status(answer));
          duplicates.add(receipt(answer));
        }
      }
      assertEquals(1, accepted, "device " + d + " accepted once");
      for (String duplicate : duplicates) {
        assertEquals(first, duplicate, "device " + d + ": a duplicate carries the first receipt");
      }
    }
    assertForwardedOnceEach(devices);
    assertEquals(devices, sum("ctvgw_installs_total", Map.of("outcome", "accepted")));
    assertEquals((long) devices * (copies - 1), sum("ctvgw_installs_total", Map.of("outcome", "duplicate")));
  }

  @Test
  void redisStoppedMidTestRefusesNewInstallsWith503ForwardsNothingTwiceAndRecoversWithoutARestart()
      throws Exception {
    redis = RedisServer.startPersistent(dir);
    GatewayProcess one = gateway("one", "fail_closed");
    GatewayProcess two = gateway("two", "fail_closed");
    Map<String, String> receipts = new HashMap<>();
    for (int d = 0; d < 40; d++) {
      String rida = UUID.randomUUID().toString();
      HttpResponse<Buffer> answer = send(one, rida).await(10, TimeUnit.SECONDS);
      assertEquals(202, answer.statusCode(), answer.bodyAsString());
      receipts.put(rida, receipt(answer));
    }

    // Redis stops while a burst of new installs is in flight: each is accepted or refused, nothing else.
    List<String> burst = new ArrayList<>();
    List<Future<HttpResponse<Buffer>>> burstAnswers = new ArrayList<>();
    for (int d = 0; d < 60; d++) {
      String rida = UUID.randomUUID().toString();
      burst.add(rida);
      burstAnswers.add(send(d % 2 == 0 ? one : two, rida));
    }
    redis.stop();
    Future.join(burstAnswers).otherwiseEmpty().await(30, TimeUnit.SECONDS);
    for (int d = 0; d < burst.size(); d++) {
      HttpResponse<Buffer> answer = burstAnswers.get(d).result();
      assertNotNull(answer, "every request is answered");
      assertTrue(answer.statusCode() == 202 || answer.statusCode() == 503, answer.statusCode() + " " + answer.bodyAsString());
      if (answer.statusCode() == 202) {
        receipts.put(burst.get(d), receipt(answer));
      } else {
        assertNotNull(answer.getHeader("Retry-After"));
      }
    }

    // Down: a new install is refused (503 + Retry-After, nothing stored); a known one is still a duplicate.
    List<String> during = new ArrayList<>();
    for (int d = 0; d < 20; d++) {
      String rida = UUID.randomUUID().toString();
      during.add(rida);
      HttpResponse<Buffer> answer = send(d % 2 == 0 ? one : two, rida).await(10, TimeUnit.SECONDS);
      assertEquals(503, answer.statusCode(), answer.bodyAsString());
      assertEquals("ledger_unavailable", answer.bodyAsJsonObject().getJsonObject("error").getString("code"));
      assertNotNull(answer.getHeader("Retry-After"));
    }
    String before = receipts.keySet().stream().filter(r -> !burst.contains(r)).findFirst().orElseThrow();
    HttpResponse<Buffer> repeat = send(one, before).await(10, TimeUnit.SECONDS);
    assertEquals(200, repeat.statusCode(), "gateway one knows its own installs: " + repeat.bodyAsString());
    assertEquals(receipts.get(before), receipt(repeat));
    for (GatewayProcess gateway : gateways) {
      eventually("not ready without Redis", () -> {
        HttpResponse<Buffer> ready = admin(gateway, "/health/ready");
        return ready.statusCode() == 503
            && !ready.bodyAsJsonObject().getJsonObject("checks").getJsonObject("ledger").getBoolean("ok");
      });
    }

    redis.start();
    for (GatewayProcess gateway : gateways) {
      eventually("ready again", () -> admin(gateway, "/health/ready").statusCode() == 200);
    }
    // Every install is sent again to both gateways: each new one is accepted once, the rest are duplicates.
    List<String> everything = new ArrayList<>(receipts.keySet());
    burst.stream().filter(r -> !receipts.containsKey(r)).forEach(everything::add);
    everything.addAll(during);
    for (String rida : everything) {
      HttpResponse<Buffer> viaTwo = sendUntilTaken(two, rida);
      HttpResponse<Buffer> viaOne = sendUntilTaken(one, rida);
      assertTrue(viaTwo.statusCode() == 202 || viaTwo.statusCode() == 200, viaTwo.bodyAsString());
      assertEquals(200, viaOne.statusCode(), viaOne.bodyAsString());
      assertEquals(receipt(viaTwo), receipt(viaOne));
      if (receipts.containsKey(rida)) {
        assertEquals(200, viaTwo.statusCode(), "accepted before: " + viaTwo.bodyAsString());
        assertEquals(receipts.get(rida), receipt(viaTwo));
      }
    }
    assertForwardedOnceEach(40 + 60 + 20);
    assertEquals(0, sum("ctvgw_ledger_conflicts_total"));
  }

  @Test
  void failOpenAcceptsWhileRedisIsDownCountsPossibleDuplicatesAndWritesKeysBackWhenItReturns() throws Exception {
    redis = RedisServer.start(dir);
    GatewayProcess one = gateway("one", "fail_open");
    GatewayProcess two = gateway("two", "fail_open");
    redis.stop();

    String twice = UUID.randomUUID().toString();
    HttpResponse<Buffer> first = send(one, twice).await(10, TimeUnit.SECONDS);
    assertEquals(202, first.statusCode(), first.bodyAsString());
    assertEquals(202, send(two, twice).await(10, TimeUnit.SECONDS).statusCode(), "the other gateway cannot know");
    HttpResponse<Buffer> again = send(one, twice).await(10, TimeUnit.SECONDS);
    assertEquals(200, again.statusCode(), "the same gateway still knows its own");
    assertEquals(receipt(first), receipt(again));
    List<String> others = new ArrayList<>();
    for (int d = 0; d < 10; d++) {
      String rida = UUID.randomUUID().toString();
      others.add(rida);
      assertEquals(202, send(one, rida).await(10, TimeUnit.SECONDS).statusCode());
    }
    assertEquals(12, sum("ctvgw_ledger_fail_open_accepts_total"), "each accept without Redis is counted");
    HttpResponse<Buffer> ready = admin(one, "/health/ready");
    assertEquals(200, ready.statusCode(), "fail_open keeps taking traffic: " + ready.bodyAsString());
    assertFalse(ready.bodyAsJsonObject().getJsonObject("checks").getJsonObject("ledger").getBoolean("ok"));
    Conditions.await(vertx, "12 installs at Kochava", () -> kochava.accepted().size() == 12);
    assertEquals(11, forwardedByDevice().size(), "11 devices");
    assertEquals(1, forwardedByDevice().values().stream().filter(count -> count == 2).count(), "one of them twice");

    redis.start();
    eventually("committed keys written back to Redis", () -> sum("ctvgw_ledger_unsynced_keys") == 0);
    assertEquals(1, sum("ctvgw_ledger_conflicts_total"), "the install both gateways took");
    for (String rida : others) {
      HttpResponse<Buffer> viaTwo = send(two, rida).await(10, TimeUnit.SECONDS);
      assertEquals(200, viaTwo.statusCode(), "known to the other gateway now: " + viaTwo.bodyAsString());
    }
    assertEquals(12, kochava.accepted().size());
  }
}
