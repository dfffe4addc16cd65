package io.ctvgateway.config;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * The install ledger (de-duplication).
 *
 * @param type {@code memory} (default: embedded, one gateway, key log on disk) or {@code redis} (several
 *     gateways share one ledger in Redis)
 * @param maxKeys install keys kept in memory by the {@code memory} ledger; the oldest are evicted past it
 * @param expireAfterDays days after which an install key is forgotten and the device may install again
 * @param redis the shared ledger's settings (used when {@code type} is {@code redis})
 * @param keySecret the deployment secret install keys are hashed with (HMAC-SHA256), or null for plain SHA-256;
 *     every gateway of a deployment needs the same one ({@code env:NAME} reads it from the environment)
 */
public record LedgerConfig(Type type, long maxKeys, int expireAfterDays, Redis redis, String keySecret) {

  /** Where install keys live. */
  public enum Type {
    /** In this process, with a key log on the data volume: one gateway. */
    MEMORY,
    /** In a Redis (or Redis Cluster) that several gateways share. */
    REDIS
  }

  /** How the shared ledger is reached. */
  public enum Mode {
    /** One Redis, or a managed endpoint that hides its replicas. */
    STANDALONE,
    /** Redis Cluster: keys spread over slots, the client follows MOVED/ASK. */
    CLUSTER
  }

  /** What a new install gets while Redis does not answer. */
  public enum OnUnavailable {
    /** 503: nothing is stored (the default). */
    FAIL_CLOSED,
    /** Accepted and forwarded, counted as a possible duplicate. */
    FAIL_OPEN
  }

  public LedgerConfig {
    Objects.requireNonNull(type, "ledger.type");
    Checks.range("ledger.max_keys", maxKeys, 1, 1_000_000_000L);
    Checks.range("ledger.expire_after_days", expireAfterDays, 1, 36_500);
    Objects.requireNonNull(redis, "ledger.redis");
    if (keySecret != null && keySecret.length() < 16) {
      throw new ConfigException("ledger.key_secret must be at least 16 characters, got " + keySecret.length());
    }
  }

  /** Without a key secret. */
  /** The same ledger with {@code redis} for its Redis settings. */
  public LedgerConfig withRedis(Redis redis) {
    return new LedgerConfig(type, maxKeys, expireAfterDays, redis, keySecret);
  }

  public LedgerConfig(Type type, long maxKeys, int expireAfterDays, Redis redis) {
    this(type, maxKeys, expireAfterDays, redis, null);
  }

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "LedgerConfig[type=" + type + ", maxKeys=" + maxKeys + ", expireAfterDays=" + expireAfterDays
        + ", keySecret=" + (keySecret == null ? "none" : "set") + "]";
  }

  /** The embedded ledger with these limits (tests, benchmarks). */
  public LedgerConfig(long maxKeys, int expireAfterDays) {
    this(Type.MEMORY, maxKeys, expireAfterDays, Redis.defaults());
  }

  static LedgerConfig from(ConfigNode node, java.util.Map<String, String> env) {
    String secret = node.secret("key_secret", env);
    LedgerConfig config = new LedgerConfig(
        Checks.oneOf("ledger.type", node.string("type", "memory"), Type.class),
        node.integer("max_keys", 10_000_000),
        node.int32("expire_after_days", 400),
        Redis.from(node.child("redis")),
        secret);
    node.rejectUnknownKeys();
    return config;
  }

  /**
   * The shared ledger in Redis.
   *
   * @param url {@code redis://[[user]:password@]host:port[/db]} or {@code rediss://} (TLS); in cluster mode a
   *     comma-separated list of seed nodes (any few masters; the rest is discovered)
   * @param mode {@code standalone} (one Redis, or a managed endpoint that hides its replicas) or
   *     {@code cluster} (Redis Cluster: keys are spread over the slots, the client follows MOVED/ASK)
   * @param keyPrefix the namespace of this deployment's keys (printable ASCII, no braces: a hash tag would
   *     put every key in one cluster slot)
   * @param onUnavailable {@code fail_closed} (default: a new install is refused with 503 while Redis does not
   *     answer) or {@code fail_open} (accepted and forwarded, counted as a possible duplicate)
   * @param timeoutMs the deadline of every Redis call (and of a connection attempt)
   * @param maxInFlight Redis calls in flight at once; more fail at once (no unbounded queue in an outage)
   * @param poolSize connections to each Redis node
   * @param nearCacheKeys keys known to be taken kept in this gateway's memory (0: no near cache)
   * @param healthIntervalMs how often Redis is probed (readiness, recovery)
   * @param pendingWaitMs how long a claim waits for another gateway's claim in progress to be committed before
   *     answering 503
   */
  public record Redis(
      String url,
      Mode mode,
      String keyPrefix,
      OnUnavailable onUnavailable,
      long timeoutMs,
      int maxInFlight,
      int poolSize,
      long nearCacheKeys,
      long healthIntervalMs,
      long pendingWaitMs) {

    public Redis {
      Checks.notBlank("ledger.redis.url", url);
      for (String endpoint : endpoints(url)) {
        checkUrl(endpoint);
      }
      Objects.requireNonNull(mode, "ledger.redis.mode");
      Objects.requireNonNull(onUnavailable, "ledger.redis.on_unavailable");
      if (mode == Mode.STANDALONE && endpoints(url).size() > 1) {
        throw new ConfigException("ledger.redis.url must be one URL in standalone mode (several are cluster seeds: "
            + "set ledger.redis.mode to cluster), got '" + redacted(url) + "'");
      }
      if (keyPrefix.isEmpty() || keyPrefix.length() > 64
          || !keyPrefix.chars().allMatch(c -> c > 0x20 && c < 0x7F && c != '{' && c != '}')) {
        throw new ConfigException("ledger.redis.key_prefix must be 1 to 64 printable ASCII characters without "
            + "spaces or braces, got '" + keyPrefix + "'");
      }
      Checks.range("ledger.redis.timeout_ms", timeoutMs, 1, 60_000);
      Checks.range("ledger.redis.max_in_flight", maxInFlight, 1, 100_000);
      Checks.range("ledger.redis.pool_size", poolSize, 1, 1_024);
      Checks.range("ledger.redis.near_cache_keys", nearCacheKeys, 0, 1_000_000_000L);
      Checks.range("ledger.redis.health_interval_ms", healthIntervalMs, 10, 60_000);
      Checks.range("ledger.redis.pending_wait_ms", pendingWaitMs, 0, 20_000);
    }

    static Redis defaults() {
      return new Redis("redis://127.0.0.1:6379", Mode.STANDALONE, "ctvgw:", OnUnavailable.FAIL_CLOSED, 250, 1_024, 16, 1_000_000,
          1_000, 2_000);
    }

    static Redis from(ConfigNode node) {
      Redis defaults = defaults();
      Redis config = new Redis(
          node.string("url", defaults.url()),
          Checks.oneOf("ledger.redis.mode", node.string("mode", defaults.mode().name()), Mode.class),
          node.string("key_prefix", defaults.keyPrefix()),
          Checks.oneOf("ledger.redis.on_unavailable", node.string("on_unavailable", defaults.onUnavailable().name()),
              OnUnavailable.class),
          node.integer("timeout_ms", defaults.timeoutMs()),
          node.int32("max_in_flight", defaults.maxInFlight()),
          node.int32("pool_size", defaults.poolSize()),
          node.integer("near_cache_keys", defaults.nearCacheKeys()),
          node.integer("health_interval_ms", defaults.healthIntervalMs()),
          node.integer("pending_wait_ms", defaults.pendingWaitMs()));
      node.rejectUnknownKeys();
      return config;
    }

    /** The same settings with every call's deadline {@code timeoutMs}. */
    public Redis withTimeoutMs(long timeoutMs) {
      return new Redis(url, mode, keyPrefix, onUnavailable, timeoutMs, maxInFlight, poolSize, nearCacheKeys,
          healthIntervalMs, pendingWaitMs);
    }

    /** The URL's endpoints (one; several seed nodes in cluster mode). */
    public List<String> endpoints() {
      return endpoints(url);
    }

    public boolean cluster() {
      return mode == Mode.CLUSTER;
    }

    public boolean failOpen() {
      return onUnavailable == OnUnavailable.FAIL_OPEN;
    }

    /** The endpoints without passwords, for logs. */
    public String redactedUrl() {
      return redacted(url);
    }

    private static List<String> endpoints(String url) {
      return java.util.Arrays.stream(url.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String redacted(String url) {
      return url.replaceAll("//[^@/,]*@", "//***@");
    }

    private static void checkUrl(String endpoint) {
      URI uri;
      try {
        uri = URI.create(endpoint);
      } catch (IllegalArgumentException e) {
        uri = null;
      }
      if (uri == null || uri.getHost() == null
          || !("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme()))) {
        throw new ConfigException("ledger.redis.url must be redis://host:port or rediss://host:port, got '"
            + redacted(endpoint) + "'");
      }
    }
  }
}
