package io.ctvgateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LedgerConfigTest {

  @Test
  void memoryIsTheDefaultAndTheShippedFileSaysSo() {
    GatewayConfig config = ConfigLoader.load(Path.of("conf", "gateway.json"), Map.of(), new Properties());
    assertEquals(LedgerConfig.Type.MEMORY, config.ledger().type());
    assertEquals(LedgerConfig.OnUnavailable.FAIL_CLOSED, config.ledger().redis().onUnavailable());
    assertEquals(LedgerConfig.Type.MEMORY, ConfigLoader.fromJson(new JsonObject(), Map.of(), new Properties()).ledger().type());
  }

  @Test
  void environmentSelectsRedisAndItsUrl() {
    GatewayConfig config = ConfigLoader.fromJson(new JsonObject(),
        Map.of("CTVGW_LEDGER", "redis", "CTVGW_REDIS_URL", "redis://:secret@redis.internal:6380/0"), new Properties());
    assertEquals(LedgerConfig.Type.REDIS, config.ledger().type());
    assertEquals(List.of("redis://:secret@redis.internal:6380/0"), config.ledger().redis().endpoints());
    assertEquals("redis://***@redis.internal:6380/0", config.ledger().redis().redactedUrl());
  }

  @Test
  void clusterModeTakesSeveralSeedNodes() {
    JsonObject file = new JsonObject().put("ledger", new JsonObject().put("type", "redis").put("redis",
        new JsonObject().put("mode", "cluster").put("url", "redis://10.0.0.1:6379, redis://10.0.0.2:6379")));
    LedgerConfig.Redis redis = ConfigLoader.fromJson(file, Map.of(), new Properties()).ledger().redis();
    assertTrue(redis.cluster());
    assertEquals(List.of("redis://10.0.0.1:6379", "redis://10.0.0.2:6379"), redis.endpoints());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"type\":\"etcd\"}                              | ledger.type must be one of memory, redis, got 'etcd'",
      "{\"redis\":{\"url\":\"http://x:6379\"}}          | ledger.redis.url must be redis://host:port or rediss://host:port, got 'http://x:6379'",
      "{\"redis\":{\"url\":\"redis://a:1,redis://b:2\"}} | ledger.redis.url must be one URL in standalone mode",
      "{\"redis\":{\"mode\":\"sentinel\"}}              | ledger.redis.mode must be one of standalone, cluster, got 'sentinel'",
      "{\"redis\":{\"key_prefix\":\"{app}:\"}}          | ledger.redis.key_prefix must be 1 to 64 printable ASCII characters",
      "{\"redis\":{\"on_unavailable\":\"retry\"}}       | ledger.redis.on_unavailable must be one of fail_closed, fail_open, got 'retry'",
      "{\"redis\":{\"timeout_ms\":0}}                   | ledger.redis.timeout_ms must be between 1 and 60000, got 0",
      "{\"redis\":{\"pool\":4}}                         | ledger.redis.pool is not a known setting",
  })
  void badLedgerValueStopsTheStartNamingTheKey(String ledger, String message) {
    JsonObject file = new JsonObject().put("ledger", new JsonObject(ledger));
    ConfigException failure = assertThrows(ConfigException.class,
        () -> ConfigLoader.fromJson(file, Map.of(), new Properties()));
    assertTrue(failure.getMessage().startsWith(message), failure.getMessage());
  }
}
