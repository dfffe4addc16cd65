package io.ctvgateway.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of one Kochava app: install authentication and wire overrides.
 *
 * @param apiKey the Kochava API key, or null: installs of this app are not signed
 * @param secret the app's install-authentication secret (required with {@code apiKey})
 * @param wire the app's wire options (the global ones where it sets none)
 * @param clientKeys the keys a TV app must send ({@code X-Ctvgw-Key} or {@code client_key}) for this app; empty
 *     when none is required. A list so a key can be rotated: add the new one, ship the app, remove the old.
 *     They live in TV apps and can be extracted: an app selector that stops casual abuse, not a secret.
 * @param gdprApplies the app's {@code gdpr_applies} when a request's consent leaves it out (an EU-only app: true),
 *     or null; a request that says otherwise than a true default is refused as a contradiction
 */
public record AppConfig(String apiKey, String secret, WireOptions wire, List<String> clientKeys, Boolean gdprApplies) {

  public AppConfig {
    Objects.requireNonNull(wire, "wire");
    clientKeys = List.copyOf(clientKeys);
  }

  /** An app without a GDPR default. */
  public AppConfig(String apiKey, String secret, WireOptions wire, List<String> clientKeys) {
    this(apiKey, secret, wire, clientKeys, null);
  }

  /** An app without client keys. */
  public AppConfig(String apiKey, String secret, WireOptions wire) {
    this(apiKey, secret, wire, List.of());
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
    String apiKey = node.secret("api_key", env);
    String secret = node.secret("secret", env);
    if ((apiKey == null) != (secret == null)) {
      throw new ConfigException(node.key(apiKey == null ? "api_key" : "secret")
          + " is required when " + node.key(apiKey == null ? "secret" : "api_key") + " is set");
    }
    List<String> keys = new ArrayList<>();
    List<String> listed = node.strings("client_keys", List.of());
    for (int i = 0; i < listed.size(); i++) {
      String key = listed.get(i).startsWith("env:") ? env.get(listed.get(i).substring(4)) : listed.get(i);
      String where = node.key("client_keys") + "[" + i + "]";
      if (key == null || key.isEmpty()) {
        throw new ConfigException(where + " refers to environment variable " + listed.get(i).substring(4)
            + ", which is not set");
      }
      if (key.length() < 16 || key.length() > 128 || !key.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
        throw new ConfigException(where + " must be 16 to 128 printable ASCII characters without spaces, got "
            + key.length() + " characters");
      }
      keys.add(key);
    }
    Boolean gdprApplies = node.optBool("gdpr_applies");
    AppConfig config = new AppConfig(apiKey, secret, WireOptions.from(node, defaults), keys, gdprApplies);
    node.rejectUnknownKeys();
    return config;
  }



  /** Never prints the secrets. */
  @Override
  public String toString() {
    return "AppConfig[signs=" + signs() + ", clientKeys=" + clientKeys.size() + ", wire=" + wire + "]";
  }
}
