package io.ctvgateway.config;

import java.util.Objects;

/**
 * Who may send installs through this gateway.
 *
 * @param unknownApps what an install for an app that {@code apps} does not list gets: {@code reject} (the
 *     default: {@code 403 unknown_app}, nothing stored or forwarded) or {@code accept} (an open relay, for
 *     development only; the start line warns)
 */
public record AccessConfig(UnknownApps unknownApps) {

  /** The policy for apps the config does not list. */
  public enum UnknownApps {
    /** Only the apps in {@code apps} are served. */
    REJECT,
    /** Any app id is relayed to Kochava: an open relay. */
    ACCEPT
  }

  public AccessConfig {
    Objects.requireNonNull(unknownApps, "access.unknown_apps");
  }

  static AccessConfig from(ConfigNode node) {
    AccessConfig config = new AccessConfig(
        Checks.oneOf("access.unknown_apps", node.string("unknown_apps", "reject"), UnknownApps.class));
    node.rejectUnknownKeys();
    return config;
  }
}
