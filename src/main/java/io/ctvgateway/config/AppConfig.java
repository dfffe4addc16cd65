package io.ctvgateway.config;

import java.util.Map;
import java.util.Objects;

/**
 * Settings of one Kochava app: install authentication and wire overrides.
 *
 * @param apiKey the Kochava API key, or null: installs of this app are not signed
 * @param secret the app's install-authentication secret (required with {@code apiKey})
 * @param wire the app's wire options (the global ones where it sets none)
 */
public record AppConfig(String apiKey, String secret, WireOptions wire) {

  public AppConfig {
    Objects.requireNonNull(wire, "wire");
  }

  /** Whether the gateway signs this app's requests. */
  public boolean signs() {
    return apiKey != null;
  }

  /**
   * Reads one {@code apps.<id>} object. A secret may be given as {@code env:NAME} to keep it out of the file;
   * the variable must then be set.
   */
  static AppConfig from(ConfigNode node, WireOptions defaults, Map<String, String> env) {
    String apiKey = secret(node, "api_key", env);
    String secret = secret(node, "secret", env);
    if ((apiKey == null) != (secret == null)) {
      throw new ConfigException(node.key(apiKey == null ? "api_key" : "secret")
          + " is required when " + node.key(apiKey == null ? "secret" : "api_key") + " is set");
    }
    AppConfig config = new AppConfig(apiKey, secret, WireOptions.from(node, defaults));
    node.rejectUnknownKeys();
    return config;
  }

  private static String secret(ConfigNode node, String name, Map<String, String> env) {
    String value = node.string(name, null);
    if (value == null || !value.startsWith("env:")) {
      return value;
    }
    String variable = value.substring("env:".length());
    String resolved = env.get(variable);
    if (resolved == null || resolved.isEmpty()) {
      throw new ConfigException(node.key(name) + " refers to environment variable " + variable + ", which is not set");
    }
    return resolved;
  }

  /** Never prints the secrets. */
  @Override
  public String toString() {
    return "AppConfig[signs=" + signs() + ", wire=" + wire + "]";
  }
}
