package io.ctvgateway.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.config.QueueConfig;
import io.ctvgateway.install.OrderKey;
import io.ctvgateway.journal.JournalRecord;
import io.ctvgateway.testing.KafkaCluster;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka queue's offset rule on a real broker (its own process): a group commits only up to the first
 * record not settled, so whatever a gateway read and did not settle is read again by the next one, and nothing
 * settled is.
 */
@Timeout(120)
class KafkaQueueTest {
  @TempDir
  static Path dir;
  private static KafkaCluster kafka;

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = KafkaCluster.start(dir, 1);
  }

  @AfterAll
  static void stopKafka() throws Exception {
    kafka.close();
  }

  private static QueueConfig.Kafka config(String name) {
    return new QueueConfig.Kafka(kafka.bootstrap(), name + ".installs", name + ".dead", name + "-group", true, 3, 1,
        1, 3_000, 1, 3_000, 50, 2_000, Map.of());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** Polls until {@code count} records arrived. */
  private static List<JournalRecord> read(KafkaQueue queue, int count) throws Exception {
    List<JournalRecord> got = new ArrayList<>();
    while (got.size() < count) {
      got.addAll(await(queue.poll(count - got.size())));
    }
    return got;
  }

  private static String text(JournalRecord record) {
    return new String(record.payload(), StandardCharsets.UTF_8);
  }

  @Test
  void onlySettledRecordsAreCommittedSoTheNextGatewayReadsTheRestAgain() throws Exception {
    QueueConfig.Kafka config = config("commit");
    try (KafkaQueue first = KafkaQueue.open(config, "first", 100)) {
      for (int i = 0; i < 10; i++) {
        // One device: one partition, so the records keep their order.
        long offset = await(first.append(new OrderKey(7, 7), ("install-" + i).getBytes(StandardCharsets.UTF_8)));
        assertEquals(i, offset);
      }
      List<JournalRecord> records = read(first, 10);
      assertEquals("install-0", text(records.get(0)));
      assertEquals(10, first.unsettledRecords());
      records.subList(1, 10).forEach(r -> first.settle(r.seq())); // all but the first
      assertEquals(1, first.unsettledRecords());
      Thread.sleep(300); // a few commit intervals
    }
    try (KafkaQueue second = KafkaQueue.open(config, "second", 100)) {
      List<JournalRecord> again = read(second, 10);
      assertEquals("install-0", text(again.get(0)), "the unsettled first record holds the commit back");
      assertEquals("install-9", text(again.get(9)));
      again.forEach(r -> second.settle(r.seq()));
      Thread.sleep(300);
    }
    try (KafkaQueue third = KafkaQueue.open(config, "third", 100)) {
      CompletableFuture<List<JournalRecord>> next = third.poll(10).toCompletionStage().toCompletableFuture();
      assertThrows(TimeoutException.class, () -> next.get(3, TimeUnit.SECONDS), "everything was settled");
      await(third.append(new OrderKey(7, 7), "event-10".getBytes(StandardCharsets.UTF_8)));
      List<JournalRecord> only = next.get(30, TimeUnit.SECONDS);
      assertEquals(List.of("event-10"), only.stream().map(KafkaQueueTest::text).toList());
      assertTrue(third.owns(only.get(0).seq()));
    }
  }

  @Test
  void missingTopicsAreCreatedOnlyWhenToldTo() throws Exception {
    QueueConfig.Kafka told = config("told");
    QueueConfig.Kafka notTold = new QueueConfig.Kafka(told.bootstrapServers(), "untold.installs", "untold.dead",
        "untold-group", false, 3, 1, 1, 3_000, 1, 3_000, 50, 2_000, Map.of());
    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> KafkaQueue.open(notTold, "untold", 100));
    assertTrue(refused.getMessage().contains("[untold.installs, untold.dead] do not exist")
        && refused.getMessage().contains("queue.kafka.create_topics"), refused.getMessage());
    try (org.apache.kafka.clients.admin.Admin admin = kafka.admin()) {
      assertFalse(admin.listTopics().names().get(10, TimeUnit.SECONDS).contains("untold.installs"));
      try (KafkaQueue queue = KafkaQueue.open(told, "told", 100)) {
        assertTrue(queue.takesAppends());
      }
      var topics = admin.describeTopics(List.of("told.installs", "told.dead")).allTopicNames()
          .get(10, TimeUnit.SECONDS);
      assertEquals(3, topics.get("told.installs").partitions().size());
      assertEquals(1, topics.get("told.dead").partitions().size());
      var resource = new org.apache.kafka.common.config.ConfigResource(
          org.apache.kafka.common.config.ConfigResource.Type.TOPIC, "told.dead");
      assertEquals("compact", admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS)
          .get(resource).get("cleanup.policy").value());
    }
  }

  @Test
  void aProduceTheBrokersCannotTakeFailsAndTheQueueStopsTakingAppends() throws Exception {
    QueueConfig.Kafka config = config("down");
    KafkaCluster.Node node = kafka.node(0);
    try (KafkaQueue queue = KafkaQueue.open(config, "down", 100)) {
      assertTrue(queue.takesAppends());
      node.kill();
      try {
        Throwable failure = assertThrows(Exception.class, () -> await(queue.append(null, new byte[] {1})));
        assertFalse(queue.takesAppends(), "after " + failure);
      } finally {
        node.start();
        kafka.awaitBrokers(1, 60);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!queue.takesAppends()) {
        assertTrue(System.nanoTime() < deadline, "the probe never saw the broker back");
        Thread.sleep(50);
      }
      assertTrue(await(queue.append(null, new byte[] {2})) >= 0, "an append after the broker came back");
    }
  }
}
