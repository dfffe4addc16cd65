package io.ctvgateway.config;

import java.util.Map;
import java.util.TreeMap;

/**
 * Wire details with global defaults ({@code kochava}) and per-app settings ({@code apps}: install
 * authentication and wire overrides), plus the events endpoints' limits.
 *
 * @param wire the global wire options
 * @param apps per Kochava app id
 * @param maxBatchEvents events in one {@code POST /v1/{platform}/events} at most
 * @param batchBodyLimitBytes the batch endpoint's body limit
 */
public record KochavaConfig(WireOptions wire, Map<String, AppConfig> apps, int maxBatchEvents, int batchBodyLimitBytes) {

  public KochavaConfig {
    apps = Map.copyOf(apps);
    Checks.range("events.max_batch", maxBatchEvents, 1, 1_000);
    Checks.range("events.batch_body_limit_bytes", batchBodyLimitBytes, 1_024, 4 << 20);
  }

  /** Whether {@code appId} is one the config lists. */
  public boolean listed(String appId) {
    return apps.containsKey(appId);
  }

  /** The app's settings, or the global defaults with no signing. */
  public AppConfig app(String appId) {
    AppConfig app = apps.get(appId);
    return app != null ? app : new AppConfig(null, null, wire);
  }

  static KochavaConfig from(ConfigNode kochava, ConfigNode apps, ConfigNode events, Map<String, String> env) {
    WireOptions wire = WireOptions.from(kochava, WireOptions.DEFAULTS);
    kochava.rejectUnknownKeys();
    Map<String, AppConfig> byApp = new TreeMap<>();
    for (String appId : apps.names()) {
      byApp.put(appId, AppConfig.from(apps.child(appId), wire, env));
    }
    apps.rejectUnknownKeys();
    KochavaConfig config = new KochavaConfig(wire, byApp, events.int32("max_batch", 50),
        events.int32("batch_body_limit_bytes", 65_536));
    events.rejectUnknownKeys();
    return config;
  }
}
