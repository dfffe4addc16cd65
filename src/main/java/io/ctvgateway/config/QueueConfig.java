package io.ctvgateway.config;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where accepted installs wait for delivery.
 *
 * @param type {@code journal} (default: a journal on this gateway's data volume, nothing else to run) or
 *     {@code kafka} (a topic every gateway of a fleet shares; needs the Redis ledger)
 * @param kafka the Kafka settings (used when {@code type} is {@code kafka})
 */
public record QueueConfig(Type type, Kafka kafka) {

  /** The queue behind admission and delivery. */
  public enum Type {
    /** The local journal: durable by fsync on this machine's disk. */
    JOURNAL,
    /** A Kafka topic: durable by the brokers' replication ({@code acks=all}); gateways keep no state. */
    KAFKA
  }

  public QueueConfig {
    Objects.requireNonNull(type, "queue.type");
    Objects.requireNonNull(kafka, "queue.kafka");
    if (type == Type.KAFKA && kafka.bootstrapServers().isBlank()) {
      throw new ConfigException("queue.kafka.bootstrap_servers must be set when queue.type is kafka"
          + " (or CTVGW_KAFKA_BOOTSTRAP), e.g. kafka-1:9092,kafka-2:9092");
    }
  }

  /** The embedded default. */
  public static QueueConfig defaults() {
    return new QueueConfig(Type.JOURNAL, Kafka.defaults());
  }

  /**
   * The Kafka queue's settings.
   *
   * @param bootstrapServers {@code host:port,...} of some brokers
   * @param topic the installs topic: keyed by the device's order key, so one device stays in one partition
   * @param deadLetterTopic the dead letters, a compacted topic every gateway reads in full (the admin API lists
   *     it, requeue and delete write to it)
   * @param groupId the consumer group every gateway of one fleet joins to share delivery
   * @param createTopics create missing topics at start with the three settings below (off by default: in
   *     production topics are created by whoever owns the cluster)
   * @param partitions partitions of a created installs topic: the most gateways that can deliver at once
   * @param replicationFactor replicas of each created partition
   * @param minInsyncReplicas {@code min.insync.replicas} of created topics: replicas that must have a record
   *     before {@code acks=all} acknowledges it
   * @param produceTimeoutMs how long an install may wait for the brokers' acknowledgement before it is a 503
   * @param lingerMs how long the producer waits to batch installs into one request (the group commit)
   * @param sessionTimeoutMs how soon the group notices a gateway that died and hands its partitions over
   * @param commitIntervalMs how often settled offsets are committed: a gateway killed redelivers at most this
   *     much beyond what it held unsettled
   * @param revokeWaitMs in a rebalance, how long a partition's records on the wire get to settle before its
   *     offsets are committed and it is handed over
   * @param properties extra Kafka client properties (TLS, SASL), given to the producer and the consumers as is
   */
  public record Kafka(String bootstrapServers, String topic, String deadLetterTopic, String groupId,
      boolean createTopics, int partitions, int replicationFactor, int minInsyncReplicas, long produceTimeoutMs,
      long lingerMs, long sessionTimeoutMs, long commitIntervalMs, long revokeWaitMs, Map<String, String> properties) {
    public Kafka {
      Objects.requireNonNull(bootstrapServers, "queue.kafka.bootstrap_servers");
      Checks.notBlank("queue.kafka.topic", topic);
      Checks.notBlank("queue.kafka.dead_letter_topic", deadLetterTopic);
      Checks.notBlank("queue.kafka.group_id", groupId);
      if (topic.equals(deadLetterTopic)) {
        throw new ConfigException("queue.kafka.dead_letter_topic must differ from queue.kafka.topic, both are " + topic);
      }
      Checks.range("queue.kafka.partitions", partitions, 1, 10_000);
      Checks.range("queue.kafka.replication_factor", replicationFactor, 1, 32);
      Checks.range("queue.kafka.min_insync_replicas", minInsyncReplicas, 1, replicationFactor);
      Checks.range("queue.kafka.produce_timeout_ms", produceTimeoutMs, 100, 120_000);
      Checks.range("queue.kafka.linger_ms", lingerMs, 0, 100);
      if (lingerMs >= produceTimeoutMs) {
        throw new ConfigException("queue.kafka.linger_ms must be below queue.kafka.produce_timeout_ms, got "
            + lingerMs + " and " + produceTimeoutMs);
      }
      Checks.range("queue.kafka.session_timeout_ms", sessionTimeoutMs, 1_000, 300_000);
      Checks.range("queue.kafka.commit_interval_ms", commitIntervalMs, 10, 60_000);
      Checks.range("queue.kafka.revoke_wait_ms", revokeWaitMs, 0, 120_000);
      properties = Map.copyOf(properties);
    }

    static Kafka defaults() {
      return new Kafka("", "ctvgw.installs", "ctvgw.dead-letters", "ctvgw-delivery", false, 12, 3, 2, 5_000, 2,
          10_000, 200, 5_000, Map.of());
    }

    /** Never prints the extra properties (they may hold SASL passwords). */
    @Override
    public String toString() {
      return "Kafka[bootstrapServers=" + bootstrapServers + ", topic=" + topic + ", groupId=" + groupId
          + ", properties=" + properties.keySet() + "]";
    }
  }

  static QueueConfig from(ConfigNode node) {
    Type type = Checks.oneOf("queue.type", node.string("type", "journal"), Type.class);
    ConfigNode kafka = node.child("kafka");
    Kafka defaults = Kafka.defaults();
    ConfigNode extra = kafka.child("properties");
    Map<String, String> properties = new TreeMap<>();
    for (String name : extra.names()) {
      properties.put(name, extra.string(name, null));
    }
    extra.rejectUnknownKeys();
    QueueConfig config = new QueueConfig(type, new Kafka(
        kafka.string("bootstrap_servers", defaults.bootstrapServers()),
        kafka.string("topic", defaults.topic()),
        kafka.string("dead_letter_topic", defaults.deadLetterTopic()),
        kafka.string("group_id", defaults.groupId()),
        kafka.bool("create_topics", defaults.createTopics()),
        kafka.int32("partitions", defaults.partitions()),
        kafka.int32("replication_factor", defaults.replicationFactor()),
        kafka.int32("min_insync_replicas", defaults.minInsyncReplicas()),
        kafka.integer("produce_timeout_ms", defaults.produceTimeoutMs()),
        kafka.integer("linger_ms", defaults.lingerMs()),
        kafka.integer("session_timeout_ms", defaults.sessionTimeoutMs()),
        kafka.integer("commit_interval_ms", defaults.commitIntervalMs()),
        kafka.integer("revoke_wait_ms", defaults.revokeWaitMs()),
        properties));
    kafka.rejectUnknownKeys();
    node.rejectUnknownKeys();
    return config;
  }
}
