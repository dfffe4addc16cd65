package io.ctvgateway.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.testing.Conditions;
import io.ctvgateway.testing.FakeKochava;
import io.ctvgateway.testing.GatewayProcess;
import io.ctvgateway.testing.KafkaCluster;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code queue.type: kafka} with real parts only: real Apache Kafka brokers in KRaft mode, each its own JVM
 * ({@link KafkaCluster}), a real redis-server as the shared ledger, gateways as the real jar, one fake Kochava
 * (a real HTTP server that records what it got).
 */
@Timeout(300)
class KafkaQueueIT {
  private static final Pattern ADMIN_PORT = Pattern.compile("event=ready http_port=\\d+ admin_port=(\\d+)");
  private static final String APP = "koctv-fleet";

  @TempDir
  Path dir;
  private Vertx vertx;
  private FakeKochava kochava;
  private RedisServer redis;
  private KafkaCluster kafka;
  private WebClient client;
  private final List<GatewayProcess> gateways = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    kochava = FakeKochava.start(vertx);
    redis = RedisServer.start(dir);
    client = WebClient.create(vertx, new WebClientOptions(), new PoolOptions().setHttp1MaxSize(32));
  }

  @AfterEach
  void stop() throws Exception {
    for (GatewayProcess gateway : gateways) {
      gateway.close();
    }
    if (kafka != null) {
      kafka.close();
    }
    redis.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** A gateway of the fleet: Kafka queue (topics created with {@code partitions} and {@code replicas}), Redis ledger. */
  private GatewayProcess gateway(String name, int partitions, int replicas, int minInsync) throws Exception {
    JsonObject config = TestGateway.config(Files.createDirectories(dir.resolve(name)), kochava.url());
    config.put("queue", new JsonObject().put("type", "kafka").put("kafka", new JsonObject()
        .put("create_topics", true)
        .put("partitions", partitions)
        .put("replication_factor", replicas)
        .put("min_insync_replicas", minInsync)
        .put("session_timeout_ms", 3_000)
        .put("commit_interval_ms", 100)
        .put("produce_timeout_ms", 3_000)));
    config.put("ledger", new JsonObject().put("redis", new JsonObject()
        .put("key_prefix", "ctvgw-kafka-it:")
        .put("timeout_ms", 2_000)
        .put("health_interval_ms", 100)));
    config.getJsonObject("delivery").put("window", 64);
    GatewayProcess gateway = GatewayProcess.start(dir, name, config,
        Map.of("CTVGW_LEDGER", "redis", "CTVGW_REDIS_URL", redis.url(), "CTVGW_KAFKA_BOOTSTRAP", kafka.bootstrap()));
    gateways.add(gateway);
    return gateway;
  }

  private static int adminPort(GatewayProcess gateway) throws Exception {
    Matcher matcher = ADMIN_PORT.matcher(gateway.output());
    assertTrue(matcher.find(), gateway.output());
    return Integer.parseInt(matcher.group(1));
  }

  private HttpResponse<Buffer> admin(GatewayProcess gateway, String path) throws Exception {
    return client.get(adminPort(gateway), "127.0.0.1", path).send().await(10, TimeUnit.SECONDS);
  }

  /** Kochava's installs by RIDA: how many times each arrived. */
  private Map<String, Integer> installsAtKochava() {
    Map<String, Integer> counts = new HashMap<>();
    for (FakeKochava.Received received : kochava.accepted()) {
      JsonObject body = received.json();
      if ("install".equals(body.getString("action"))) {
        counts.merge(JournalFiles.ridaOf(body), 1, Integer::sum);
      }
    }
    return counts;
  }

  /**
   * Redis's committed install keys under this test's prefix, counted by Redis (the keys are binary); a pending
   * claim (its value ends with '~': claimed, never acknowledged by Kafka) expires by itself and is not counted.
   */
  private int ledgerKeys() throws Exception {
    return Integer.parseInt(redis.command("EVAL", "local n = 0 for _, k in ipairs(redis.call('KEYS', ARGV[1])) do"
        + " local v = redis.call('GET', k) if v and string.sub(v, -1) ~= '~' then n = n + 1 end end return n", "0",
        "ctvgw-kafka-it:*"));
  }

  @Test
  void aGatewayKilledMidStreamWithItsDataDirectoryDeletedLosesNothingItAnswered202For() throws Exception {
    kafka = KafkaCluster.start(dir.resolve("kafka"), 1);
    GatewayProcess one = gateway("one", 6, 1, 1);
    GatewayProcess two = gateway("two", 6, 1, 1);
    InstallStream toOne = InstallStream.start(vertx, one.port(), APP, 1_000, 16, 400);
    InstallStream toTwo = InstallStream.start(vertx, two.port(), APP, 1_000, 16, 1);
    toOne.markReached().await(120, TimeUnit.SECONDS);
    one.kill();
    deleteTree(dir.resolve("one"));
    toOne.done().await(120, TimeUnit.SECONDS);
    toTwo.done().await(120, TimeUnit.SECONDS);
    Map<String, String> accepted = new HashMap<>(toOne.accepted());
    accepted.putAll(toTwo.accepted());
    assertTrue(toOne.accepted().size() >= 400 && toTwo.accepted().size() == 1_000,
        "202s: " + toOne.accepted().size() + " + " + toTwo.accepted().size() + "; others " + toTwo.others());

    // The survivor takes the dead gateway's partitions once its session expires, and delivers what it left.
    eventually("every 202 at Kochava", () -> installsAtKochava().keySet().containsAll(accepted.keySet()));
    Map<String, Integer> forwarded = installsAtKochava();
    int duplicates = forwarded.values().stream().mapToInt(n -> n - 1).sum();
    System.out.printf("kafka kill: %d accepted (%d by the killed gateway), %d at Kochava, %d duplicates%n",
        accepted.size(), toOne.accepted().size(), forwarded.size(), duplicates);
    // What the killed gateway had read and not committed: at most its hold (2 x window = 128) plus what it
    // settled since its last commit (100 ms of delivery); never anything else.
    assertTrue(duplicates <= 2 * 64 + 200, "duplicates upstream: " + duplicates);
    // Installs the brokers had acknowledged when the kill cut their 202 off: at most the requests in flight.
    Set<String> unanswered = difference(forwarded.keySet(), accepted.keySet());
    assertTrue(unanswered.size() <= 16, unanswered.size() + " at Kochava without a 202: more than were in flight");
    // Each device exactly once in the shared ledger.
    assertEquals(forwarded.size(), ledgerKeys(), "install keys in Redis");
    assertTrue(two.output().contains("event=kafka_partitions_assigned"), two.output());
  }

  @Test
  void kafkaStoppedMidStreamAnswers202Or503WithRetryAfterAndLosesNothingAcknowledged() throws Exception {
    kafka = KafkaCluster.start(dir.resolve("kafka"), 1);
    GatewayProcess one = gateway("one", 4, 1, 1);
    Answers answers = new Answers();
    // 300 installs before the stop, then the broker goes, then installs while it is down, then it returns.
    // Kochava refuses everything until then, so what was acknowledged is still in Kafka when the broker dies.
    kochava.otherwise(received -> FakeKochava.Answer.status(503, "{\"error\":\"maintenance\"}"));
    send(one, 300, answers, false);
    assertEquals(300, answers.accepted().size(), "202s before the stop: " + answers.statuses());
    assertEquals(Map.of(), installsAtKochava(), "nothing delivered yet");
    kafka.node(0).kill();
    String[] lastReady = {""};
    eventually("readiness reports Kafka down", () -> {
      HttpResponse<Buffer> answer = admin(one, "/health/ready");
      lastReady[0] = answer.statusCode() + " " + answer.bodyAsString();
      return answer.statusCode() == 503;
    }, () -> lastReady[0]);
    JsonObject ready = admin(one, "/health/ready").bodyAsJsonObject();
    assertFalse(ready.getJsonObject("checks").getJsonObject("kafka").getBoolean("ok"), ready.encode());
    send(one, 200, answers, false);
    assertTrue(answers.count(503) >= 150, "503s while Kafka is down: " + answers.statuses());
    kafka.node(0).start();
    eventually("ready again", () -> admin(one, "/health/ready").statusCode() == 200);
    send(one, 200, answers, false);
    kochava.otherwise(received -> FakeKochava.Answer.ok());
    assertEquals(List.of(), answers.bad(), "every answer is a 202 or a 503 with Retry-After");
    eventually("every 202 at Kochava", () -> installsAtKochava().keySet().containsAll(answers.accepted()));
    System.out.printf("kafka stop: %s, %d at Kochava%n", answers.statuses(), installsAtKochava().size());
  }

  @Test
  void aThirdGatewayJoiningMidStreamTakesPartitionsAndNoEventOvertakesItsInstall() throws Exception {
    kafka = KafkaCluster.start(dir.resolve("kafka"), 1);
    // Kochava slow enough that records wait in the gateways' windows when the group rebalances.
    kochava.otherwise(received -> new FakeKochava.Answer(200, "{\"success\":\"1\"}", null, 5));
    GatewayProcess one = gateway("one", 6, 1, 1);
    GatewayProcess two = gateway("two", 6, 1, 1);
    int devices = 400;
    GatewayProcess three = null;
    for (int d = 0; d < devices; d++) {
      if (d == devices / 2) {
        three = gateway("three", 6, 1, 1);
      }
      GatewayProcess to = d % 2 == 0 ? one : two;
      String rida = UUID.randomUUID().toString();
      JsonObject install = InstallStream.install(APP, rida);
      // The install, then two events of the same device, in order, each after the previous one's 202.
      assertEquals(202, post(to, "/v1/roku/install", install).statusCode());
      assertEquals(202, post(to, "/v1/roku/event", install.copy().put("event_name", "play")).statusCode());
      assertEquals(202, post(to, "/v1/roku/event", install.copy().put("event_name", "pause")).statusCode());
    }
    eventually("every install and event at Kochava", () -> kochava.accepted().size() >= 3 * devices);
    // Per device, in the order Kochava received them: the install first, then play before pause.
    Map<String, List<String>> order = new HashMap<>();
    kochava.accepted().stream().sorted(Comparator.comparingLong(FakeKochava.Received::nanos)).forEach(received -> {
      JsonObject body = received.json();
      String what = "install".equals(body.getString("action")) ? "install"
          : body.getJsonObject("data").getString("event_name");
      order.computeIfAbsent(body.getString("kochava_device_id"), k -> new ArrayList<>()).add(what);
    });
    assertEquals(devices, order.size(), "devices at Kochava");
    List<String> outOfOrder = new ArrayList<>();
    order.forEach((rida, seen) -> {
      // Redelivery after a hand-over may repeat a prefix, never reorder: first occurrences must be in order.
      List<String> firsts = seen.stream().distinct().toList();
      if (!firsts.equals(List.of("install", "play", "pause"))) {
        outOfOrder.add(rida + " " + seen);
      }
    });
    assertEquals(List.of(), outOfOrder, "devices whose records reached Kochava out of order");
    String thirdLog = three.output();
    assertTrue(thirdLog.contains("event=kafka_partitions_assigned"), "the third gateway took no partition:\n" + thirdLog);
    long deliveredByThird = (long) io.ctvgateway.testing.Scrape.of(admin(three, "/metrics").bodyAsString())
        .value("ctvgw_deliveries_total", Map.of("result", "delivered"));
    assertTrue(deliveredByThird > 0, "the third gateway delivered nothing");
    System.out.printf("kafka join: %d records at Kochava, %d delivered by the third gateway%n",
        kochava.accepted().size(), deliveredByThird);
  }

  private HttpResponse<Buffer> post(GatewayProcess gateway, String path, JsonObject body) throws Exception {
    return client.post(gateway.port(), "127.0.0.1", path).putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(body.encode())).await(30, TimeUnit.SECONDS);
  }

  @Test
  void withThreeBrokersAndMinInsyncTwoABrokerKilledMidStreamCostsNothing() throws Exception {
    kafka = KafkaCluster.start(dir.resolve("kafka"), 3);
    GatewayProcess one = gateway("one", 6, 3, 2);
    Answers answers = new Answers();
    send(one, 500, answers, true);
    kafka.node(1).kill();
    long killed = System.nanoTime();
    // Ingest goes on: the dead broker's partitions get new leaders and its replica leaves the in-sync set (2
    // left, min.insync.replicas=2). A produce caught in the move is a 503 with Retry-After, which a TV retries.
    send(one, 1_000, answers, true);
    double seconds = (System.nanoTime() - killed) / 1e9;
    assertEquals(List.of(), answers.bad(), "every answer is a 202 or a 503 with Retry-After");
    assertEquals(1_500, answers.accepted().size());
    eventually("every 202 at Kochava", () -> installsAtKochava().keySet().containsAll(answers.accepted()));
    assertEquals(200, admin(one, "/health/ready").statusCode(), admin(one, "/health/ready").bodyAsString());
    System.out.printf("kafka 3 brokers, one killed: 1000 installs accepted in %.1f s after the kill; answers %s;"
        + " %d at Kochava%n", seconds, answers.statuses(), installsAtKochava().size());
  }

  /** Every answer the tests got: counts by status, the RIDAs accepted, and the answers that break the contract. */
  private record Answers(Map<String, Integer> statuses, Set<String> accepted, List<String> bad) {
    Answers() {
      this(new HashMap<>(), new HashSet<>(), new ArrayList<>());
    }

    int count(int status) {
      return statuses.getOrDefault(Integer.toString(status), 0);
    }
  }

  /**
   * Sends {@code count} fresh installs, 16 at a time. A 503 must carry Retry-After and the JSON error; with
   * {@code retryRefused} it is sent again (as a TV would) until it is taken. A 200 duplicate for an install
   * refused before counts as taken: that produce timed out but was written after all (Kafka cannot say which)
   * and was delivered, so the TV's install is in, once.
   */
  private void send(GatewayProcess gateway, int count, Answers answers, boolean retryRefused) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    List<String> waiting = new ArrayList<>();
    Set<String> refusedBefore = new HashSet<>();
    for (int i = 0; i < count; i++) {
      waiting.add(UUID.randomUUID().toString());
    }
    while (!waiting.isEmpty()) {
      assertTrue(System.nanoTime() < deadline, waiting.size() + " installs still refused after 120 s: "
          + answers.statuses());
      List<String> batch = new ArrayList<>(waiting.subList(0, Math.min(16, waiting.size())));
      List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
      for (String rida : batch) {
        sent.add(client.post(gateway.port(), "127.0.0.1", "/v1/roku/install")
            .putHeader("Content-Type", "application/json")
            .sendBuffer(Buffer.buffer(InstallStream.install(APP, rida).encode())));
      }
      boolean refused = false;
      for (int i = 0; i < batch.size(); i++) {
        String rida = batch.get(i);
        HttpResponse<Buffer> answer = sent.get(i).await(30, TimeUnit.SECONDS);
        answers.statuses().merge(Integer.toString(answer.statusCode()), 1, Integer::sum);
        boolean taken = answer.statusCode() == 202 || (answer.statusCode() == 200 && refusedBefore.contains(rida)
            && "duplicate".equals(answer.bodyAsJsonObject().getString("status")));
        boolean retryable = answer.statusCode() == 503 && answer.getHeader("Retry-After") != null
            && answer.bodyAsString().contains("\"error\"");
        if (taken) {
          answers.accepted().add(rida);
        } else if (!retryable) {
          answers.bad().add(answer.statusCode() + " " + answer.headers() + " " + answer.bodyAsString());
        }
        if (retryable && retryRefused) {
          refused = true;
          refusedBefore.add(rida);
        } else {
          waiting.remove(rida);
        }
      }
      if (refused) {
        vertx.timer(100, TimeUnit.MILLISECONDS).await(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void deadLettersAreOneTopicThatEveryGatewayListsRequeuesAndDeletes() throws Exception {
    kafka = KafkaCluster.start(dir.resolve("kafka"), 1);
    // Kochava turns every install away for good (a 400): each is dead-lettered by whichever gateway holds it.
    kochava.otherwise(received -> FakeKochava.Answer.status(400, "{\"error\":\"bad app\"}"));
    GatewayProcess one = gateway("one", 2, 1, 1);
    GatewayProcess two = gateway("two", 2, 1, 1);
    Answers answers = new Answers();
    send(one, 12, answers, false);
    assertEquals(12, answers.accepted().size(), answers.statuses().toString());
    // Both gateways list all twelve, whichever dead-lettered them.
    for (GatewayProcess gateway : List.of(one, two)) {
      eventually("12 dead letters listed", () -> admin(gateway, "/dead-letters?limit=100").bodyAsJsonObject()
          .getJsonArray("dead_letters").size() == 12);
    }
    JsonObject listed = admin(two, "/dead-letters?limit=100").bodyAsJsonObject();
    assertEquals(12, listed.getLong("total"));
    long first = listed.getJsonArray("dead_letters").getJsonObject(0).getLong("id");
    // One deleted through gateway two is gone from gateway one's listing too.
    assertEquals(200, client.delete(adminPort(two), "127.0.0.1", "/dead-letters/" + first).send()
        .await(10, TimeUnit.SECONDS).statusCode());
    eventually("11 left on gateway one", () -> admin(one, "/dead-letters?limit=100").bodyAsJsonObject()
        .getJsonArray("dead_letters").size() == 11);
    // Kochava fixed; the rest requeued through gateway one reach Kochava and leave both listings.
    kochava.otherwise(received -> FakeKochava.Answer.ok());
    HttpResponse<Buffer> requeued = client.post(adminPort(one), "127.0.0.1", "/dead-letters/requeue?all=true").send()
        .await(10, TimeUnit.SECONDS);
    assertEquals(200, requeued.statusCode(), requeued.bodyAsString());
    assertEquals(11, requeued.bodyAsJsonObject().getInteger("requeued"));
    eventually("11 delivered after the requeue", () -> kochava.accepted().stream()
        .filter(r -> r.json().getString("action").equals("install")).count() == 11);
    for (GatewayProcess gateway : List.of(one, two)) {
      eventually("no dead letters left", () -> admin(gateway, "/dead-letters").bodyAsJsonObject()
          .getJsonArray("dead_letters").isEmpty());
    }
  }

  @Test
  void aSecondCopyOfADeviceUnderAnotherReceiptIsSettledUnsentWhileARedeliveryOfTheSameReceiptIsSent()
      throws Exception {
    kafka = KafkaCluster.start(dir.resolve("kafka"), 1);
    GatewayProcess one = gateway("one", 2, 1, 1);
    String rida = UUID.randomUUID().toString();
    assertEquals(202, post(one, "/v1/roku/install", InstallStream.install(APP, rida)).statusCode());
    eventually("the install at Kochava", () -> installsAtKochava().getOrDefault(rida, 0) == 1);
    byte[] stored = firstRecord("ctvgw.installs");
    io.ctvgateway.install.AcceptedInstall install = io.ctvgateway.install.AcceptedInstallCodec.fromBytes(stored);
    // What a timed-out produce that landed after all, beside the TV's accepted retry, leaves in the topic: the
    // same device under a second receipt. And what a killed gateway leaves: the same record again.
    io.ctvgateway.install.AcceptedInstall otherReceipt = new io.ctvgateway.install.AcceptedInstall(
        io.ctvgateway.dedupe.Receipt.next(java.time.Clock.systemUTC()), install.platform(), install.appId(),
        install.acceptedAtMillis(), install.body(), install.userAgent(), install.original(), install.orderKey(),
        install.ledgerKey(), install.target());
    produce("ctvgw.installs", install.orderKey(), io.ctvgateway.install.AcceptedInstallCodec.toBytes(otherReceipt));
    produce("ctvgw.installs", install.orderKey(), stored);
    eventually("the redelivery at Kochava", () -> installsAtKochava().getOrDefault(rida, 0) == 2);
    eventually("the other receipt skipped", () -> io.ctvgateway.testing.Scrape.of(admin(one, "/metrics")
        .bodyAsString()).value("ctvgw_deliveries_total", Map.of("result", "duplicate_skipped")) == 1);
    assertEquals(2, installsAtKochava().get(rida), "the second receipt never reached Kochava");
    assertTrue(one.output().contains("event=delivery_duplicate_skipped receipt=" + otherReceipt.receipt()),
        one.output());
  }

  private byte[] firstRecord(String topic) {
    java.util.Properties props = new java.util.Properties();
    props.put("bootstrap.servers", kafka.bootstrap());
    props.put("key.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName());
    props.put("value.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName());
    try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(props)) {
      var partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        for (var record : consumer.poll(java.time.Duration.ofMillis(200))) {
          return record.value();
        }
      }
    }
    throw new AssertionError("no record in " + topic);
  }

  private void produce(String topic, io.ctvgateway.install.OrderKey device, byte[] value) throws Exception {
    java.util.Properties props = new java.util.Properties();
    props.put("bootstrap.servers", kafka.bootstrap());
    props.put("acks", "all");
    props.put("key.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class.getName());
    props.put("value.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class.getName());
    try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(props)) {
      byte[] key = java.nio.ByteBuffer.allocate(16).putLong(device.high()).putLong(device.low()).array();
      producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
    }
  }

  private static Set<String> difference(Set<String> a, Set<String> b) {
    Set<String> out = new HashSet<>(a);
    out.removeAll(b);
    return out;
  }

  private static void deleteTree(Path root) throws Exception {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
    assertFalse(Files.exists(root));
  }

  /** Asks {@code condition} until it holds, 120 s at most; a timeout shows the gateways' Kafka and error lines. */
  private void eventually(String what, Callable<Boolean> condition) throws Exception {
    eventually(what, condition, () -> "");
  }

  private void eventually(String what, Callable<Boolean> condition, Supplier<String> last) throws Exception {
    Conditions.eventually(vertx, what, 120, condition, () -> {
      StringBuilder logs = new StringBuilder(" " + last.get() + "\n");
      for (GatewayProcess gateway : gateways) {
        try {
          gateway.output().lines().filter(l -> l.contains("kafka") || l.contains("ERROR")).limit(30)
              .forEach(l -> logs.append(l).append('\n'));
        } catch (java.io.IOException e) {
          logs.append(e).append('\n');
        }
      }
      return logs.toString();
    });
  }
}
