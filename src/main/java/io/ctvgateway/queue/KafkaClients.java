package io.ctvgateway.queue;

import io.ctvgateway.config.QueueConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka client settings the queue depends on, in one place, and the start-up check of the topics. What
 * the gateway's guarantees need is fixed here (idempotent producer, {@code acks=all}, no auto commit,
 * cooperative rebalancing); the operator's {@code queue.kafka.properties} add TLS or SASL on top.
 */
final class KafkaClients {
  private KafkaClients() {}

  private static Properties base(QueueConfig.Kafka config, String clientId) {
    Properties props = new Properties();
    props.putAll(config.properties());
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
    return props;
  }

  /**
   * The installs producer. {@code max.block.ms} is 0: a send never waits on the caller's thread (an event
   * loop) for metadata or buffer space; it fails at once and the install is a 503. {@code acks=all} with
   * idempotence: an acknowledged record is on every in-sync replica, and a retried batch is never written twice.
   */
  static Properties producer(QueueConfig.Kafka config, String clientId) {
    Properties props = new Properties();
    // Defaults an operator may override through queue.kafka.properties: batches of ~150 installs per partition.
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(64 * 1024));
    props.putAll(base(config, clientId));
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    props.put(ProducerConfig.LINGER_MS_CONFIG, Long.toString(config.lingerMs()));
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(config.produceTimeoutMs()));
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(config.produceTimeoutMs() - config.lingerMs()));
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "0");
    props.put(ProducerConfig.METADATA_MAX_IDLE_CONFIG, Long.toString(java.time.Duration.ofDays(1).toMillis()));
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return props;
  }

  /**
   * The delivery consumer: one group for the fleet, offsets committed by the queue only (never automatically),
   * cooperative-sticky assignment, so a rebalance moves only the partitions that change owner.
   */
  static Properties groupConsumer(QueueConfig.Kafka config, String clientId) {
    Properties props = consumer(config, clientId);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
    props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(config.sessionTimeoutMs()));
    props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(Math.max(100, config.sessionTimeoutMs() / 4)));
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return props;
  }

  /** A consumer without a group (the dead letters' view reads its whole topic). */
  static Properties consumer(QueueConfig.Kafka config, String clientId) {
    Properties props = base(config, clientId);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return props;
  }

  /**
   * Sends {@code record}: completes on the caller's Vert.x context (when there is one) with the record's
   * metadata once the brokers acknowledged it, or failed; a send refused at once (no metadata or buffer space
   * with {@code max.block.ms=0}, a closed producer) is a failed future, never a throw.
   */
  static Future<RecordMetadata> send(KafkaProducer<byte[], byte[]> producer, ProducerRecord<byte[], byte[]> record) {
    Context context = Vertx.currentContext();
    Promise<RecordMetadata> promise = Promise.promise();
    try {
      producer.send(record, (metadata, failure) -> {
        Runnable complete = () -> {
          if (failure == null) {
            promise.complete(metadata);
          } else {
            promise.fail(failure);
          }
        };
        if (context == null) {
          complete.run();
        } else {
          context.runOnContext(v -> complete.run());
        }
      });
    } catch (KafkaException | IllegalStateException e) {
      return Future.failedFuture(e);
    }
    return promise.future();
  }

  static Admin admin(QueueConfig.Kafka config, String clientId) {
    Properties props = base(config, clientId);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
    return Admin.create(props);
  }

  /**
   * Blocking, at start: makes sure both topics exist. Creates the missing ones when {@code create_topics} is on
   * (installs: {@code partitions} partitions; dead letters: one partition, compacted; both with the configured
   * replication and {@code min.insync.replicas}); otherwise a missing topic fails the start with what to do.
   */
  static void ensureTopics(Admin admin, QueueConfig.Kafka config, Duration timeout) throws Exception {
    Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    List<NewTopic> missing = new ArrayList<>();
    String minIsr = Integer.toString(config.minInsyncReplicas());
    if (!existing.contains(config.topic())) {
      missing.add(new NewTopic(config.topic(), config.partitions(), (short) config.replicationFactor())
          .configs(Map.of("min.insync.replicas", minIsr)));
    }
    if (!existing.contains(config.deadLetterTopic())) {
      missing.add(new NewTopic(config.deadLetterTopic(), 1, (short) config.replicationFactor())
          .configs(Map.of("min.insync.replicas", minIsr, "cleanup.policy", "compact")));
    }
    if (missing.isEmpty()) {
      return;
    }
    if (!config.createTopics()) {
      throw new IllegalStateException("Kafka topic(s) " + missing.stream().map(NewTopic::name).toList()
          + " do not exist: create them (see the README's scale-out section for partitions, replication and"
          + " min.insync.replicas) or set queue.kafka.create_topics true");
    }
    try {
      admin.createTopics(missing).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e; // another gateway creating them at the same moment is fine; anything else is not
      }
    }
  }

  /**
   * Whether the installs topic takes {@code acks=all} writes now: every partition has a leader and at least
   * {@code min_insync_replicas} in sync. False when the brokers do not answer in {@code timeout}.
   */
  static boolean writable(Admin admin, QueueConfig.Kafka config, Duration timeout) {
    try {
      Map<String, TopicDescription> topics = admin.describeTopics(List.of(config.topic())).allTopicNames()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      TopicDescription topic = topics.get(config.topic());
      return topic != null && topic.partitions().stream()
          .allMatch(p -> p.leader() != null && !p.leader().isEmpty() && p.isr().size() >= config.minInsyncReplicas());
    } catch (ExecutionException | TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
