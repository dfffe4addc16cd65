package io.ctvgateway.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Every setting of the gateway, validated. Built once at start-up by {@link ConfigLoader}; immutable.
 *
 * @param dataDir where the journal, dead letters and ledger live
 * @param profilesDir the device profiles directory
 * @param profilesReloadMs how often the profiles directory is checked for changes; 0 disables hot reload
 * @param queue where accepted installs wait for delivery: the local journal or a shared Kafka topic
 */
public record GatewayConfig(
    Path dataDir,
    Path profilesDir,
    long profilesReloadMs,
    HttpConfig http,
    AdminConfig admin,
    UpstreamConfig upstream,
    DeliveryConfig delivery,
    LedgerConfig ledger,
    JournalConfig journal,
    KochavaConfig kochava,
    AccessConfig access,
    LimitsConfig limits,
    DeadLettersConfig deadLetters,
    MetricsConfig metrics,
    QueueConfig queue) {

  public GatewayConfig {
    Objects.requireNonNull(dataDir, "data_dir");
    Objects.requireNonNull(profilesDir, "profiles_dir");
    Checks.range("profiles_reload_ms", profilesReloadMs, 0, 3_600_000);
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(admin, "admin");
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(delivery, "delivery");
    Objects.requireNonNull(ledger, "ledger");
    Objects.requireNonNull(journal, "journal");
    Objects.requireNonNull(kochava, "kochava");
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(deadLetters, "dead_letters");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(queue, "queue");
    if (queue.type() == QueueConfig.Type.KAFKA && ledger.type() != LedgerConfig.Type.REDIS) {
      throw new ConfigException("queue.type kafka needs ledger.type redis: with a shared queue any gateway delivers"
          + " any install, so every gateway must see the same ledger (set ledger.type redis and ledger.redis.url,"
          + " or CTVGW_LEDGER=redis and CTVGW_REDIS_URL)");
    }
  }

  static GatewayConfig from(ConfigNode root, Map<String, String> env) {
    GatewayConfig config = new GatewayConfig(
        path(root, "data_dir", "data"),
        path(root, "profiles_dir", "device-profiles"),
        root.integer("profiles_reload_ms", 1_000),
        HttpConfig.from(root.child("http")),
        AdminConfig.from(root.child("admin"), env),
        UpstreamConfig.from(root.child("upstream")),
        DeliveryConfig.from(root.child("delivery")),
        LedgerConfig.from(root.child("ledger"), env),
        JournalConfig.from(root.child("journal")),
        KochavaConfig.from(root.child("kochava"), root.child("apps"), root.child("events"), env),
        AccessConfig.from(root.child("access")),
        LimitsConfig.from(root.child("limits")),
        DeadLettersConfig.from(root.child("dead_letters")),
        MetricsConfig.from(root.child("metrics")),
        QueueConfig.from(root.child("queue")));
    root.rejectUnknownKeys();
    return config;
  }

  private static Path path(ConfigNode node, String name, String fallback) {
    String value = node.string(name, fallback);
    Checks.notBlank(node.key(name), value);
    return Path.of(value);
  }
}
