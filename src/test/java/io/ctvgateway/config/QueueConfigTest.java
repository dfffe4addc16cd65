package io.ctvgateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueueConfigTest {
  private static final Map<String, String> REDIS = Map.of("CTVGW_LEDGER", "redis", "CTVGW_REDIS_URL",
      "redis://127.0.0.1:6379");

  @Test
  void theJournalIsTheDefault() {
    GatewayConfig config = ConfigLoader.fromJson(new JsonObject(), Map.of(), new Properties());
    assertEquals(QueueConfig.Type.JOURNAL, config.queue().type());
  }

  @Test
  void kafkaFromTheEnvironmentWithTheRedisLedger() {
    Map<String, String> env = new java.util.HashMap<>(REDIS);
    env.put("CTVGW_QUEUE", "kafka");
    env.put("CTVGW_KAFKA_BOOTSTRAP", "kafka-1:9092,kafka-2:9092");
    GatewayConfig config = ConfigLoader.fromJson(new JsonObject().put("queue", new JsonObject().put("kafka",
        new JsonObject().put("properties", new JsonObject().put("security.protocol", "SASL_SSL")))), env,
        new Properties());
    QueueConfig.Kafka kafka = config.queue().kafka();
    assertEquals(QueueConfig.Type.KAFKA, config.queue().type());
    assertEquals("kafka-1:9092,kafka-2:9092", kafka.bootstrapServers());
    assertEquals("ctvgw.installs", kafka.topic());
    assertEquals("ctvgw.dead-letters", kafka.deadLetterTopic());
    assertEquals(Map.of("security.protocol", "SASL_SSL"), kafka.properties());
    assertFalse(kafka.createTopics(), "topics are created only when told to");
    assertTrue(kafka.toString().contains("security.protocol") && !kafka.toString().contains("SASL_SSL"),
        "extra properties may hold passwords: only their names are printed");
  }

  @Test
  void kafkaWithoutTheSharedLedgerIsRefusedSayingWhy() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.fromJson(new JsonObject(),
        Map.of("CTVGW_QUEUE", "kafka", "CTVGW_KAFKA_BOOTSTRAP", "k:9092"), new Properties()));
    assertTrue(e.getMessage().startsWith("queue.type kafka needs ledger.type redis"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"queue\":{\"type\":\"kinesis\"}}                                  | queue.type must be one of journal, kafka, got 'kinesis'",
      "{\"queue\":{\"type\":\"kafka\"}}                                    | queue.kafka.bootstrap_servers must be set when queue.type is kafka (or CTVGW_KAFKA_BOOTSTRAP), e.g. kafka-1:9092,kafka-2:9092",
      "{\"queue\":{\"kafka\":{\"topic\":\"t\",\"dead_letter_topic\":\"t\"}}} | queue.kafka.dead_letter_topic must differ from queue.kafka.topic, both are t",
      "{\"queue\":{\"kafka\":{\"replication_factor\":1}}}                  | queue.kafka.min_insync_replicas must be between 1 and 1, got 2",
      "{\"queue\":{\"kafka\":{\"linger_ms\":500}}}                         | queue.kafka.linger_ms must be between 0 and 100, got 500",
      "{\"queue\":{\"kafka\":{\"acks\":\"1\"}}}                            | queue.kafka.acks is not a known setting",
  })
  void badValueNamesTheKey(String json, String message) {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.fromJson(new JsonObject(json), REDIS, new Properties()));
    assertEquals(message, e.getMessage());
  }
}
