package io.ctvgateway.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Builds the {@link GatewayConfig} from, in this order: the JSON file, environment variables (the keys that
 * differ per deployment, see {@link #ENVIRONMENT}), then system properties {@code ctvgw.<dotted.key>} (any
 * key). Later sources win. The result is validated; a bad value throws {@link ConfigException} naming the key.
 */
public final class ConfigLoader {

  /** Environment variables and the config keys they override. */
  public static final Map<String, String> ENVIRONMENT = Map.ofEntries(
      Map.entry("CTVGW_HTTP_PORT", "http.port"),
      Map.entry("CTVGW_HTTP_HOST", "http.host"),
      Map.entry("CTVGW_ADMIN_PORT", "admin.port"),
      Map.entry("CTVGW_ADMIN_HOST", "admin.host"),
      Map.entry("CTVGW_UPSTREAM_URL", "upstream.url"),
      Map.entry("CTVGW_DATA_DIR", "data_dir"),
      Map.entry("CTVGW_PROFILES_DIR", "profiles_dir"),
      Map.entry("CTVGW_TRUSTED_PROXIES", "http.trusted_proxies"),
      Map.entry("CTVGW_FSYNC", "journal.fsync"),
      Map.entry("CTVGW_LEDGER", "ledger.type"),
      Map.entry("CTVGW_QUEUE", "queue.type"),
      Map.entry("CTVGW_KAFKA_BOOTSTRAP", "queue.kafka.bootstrap_servers"),
      Map.entry("CTVGW_REDIS_URL", "ledger.redis.url"),
      Map.entry("CTVGW_UNKNOWN_APPS", "access.unknown_apps"),
      Map.entry("CTVGW_ADMIN_TOKEN", "admin.token"),
      Map.entry("CTVGW_LIMITS", "limits.mode"),
      Map.entry("CTVGW_LEDGER_KEY_SECRET", "ledger.key_secret"));

  private ConfigLoader() {}

  /** Reads {@code file} (an absent file is an error: a typo in a path must not start on defaults). */
  public static GatewayConfig load(Path file, Map<String, String> env, Properties system) {
    JsonObject json;
    try {
      json = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new ConfigException("config file " + file + " does not exist");
    } catch (IOException e) {
      throw new ConfigException("config file " + file + " cannot be read: " + e.getMessage(), e);
    } catch (DecodeException e) {
      throw new ConfigException("config file " + file + " is not valid JSON: " + e.getMessage(), e);
    }
    return fromJson(json, env, system);
  }

  /** Applies overrides to {@code json} (not modified) and validates. */
  public static GatewayConfig fromJson(JsonObject json, Map<String, String> env, Properties system) {
    JsonObject merged = json.copy();
    ENVIRONMENT.forEach((variable, key) -> {
      String value = env.get(variable);
      if (value != null && !value.isEmpty()) {
        put(merged, key, value);
      }
    });
    // CTVGW_APPS: app ids to serve (comma separated) on top of the file's apps, with default settings.
    String apps = env.get("CTVGW_APPS");
    if (apps != null && !apps.isBlank()) {
      JsonObject registry = merged.getValue("apps") instanceof JsonObject existing ? existing : new JsonObject();
      merged.put("apps", registry);
      for (String appId : apps.split(",")) {
        if (!appId.isBlank() && !registry.containsKey(appId.trim())) {
          registry.put(appId.trim(), new JsonObject());
        }
      }
    }
    for (String name : system.stringPropertyNames()) {
      if (name.startsWith("ctvgw.")) {
        put(merged, name.substring("ctvgw.".length()), system.getProperty(name));
      }
    }
    return GatewayConfig.from(new ConfigNode(merged, ""), env);
  }

  /** An override is a string; {@link ConfigNode} converts it to the key's type and names the key if it can't. */
  private static void put(JsonObject root, String dottedKey, String value) {
    String[] parts = dottedKey.split("\\.");
    JsonObject node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      Object child = node.getValue(parts[i]);
      if (!(child instanceof JsonObject)) {
        child = new JsonObject();
        node.put(parts[i], child);
      }
      node = (JsonObject) child;
    }
    node.put(parts[parts.length - 1], value);
  }
}
