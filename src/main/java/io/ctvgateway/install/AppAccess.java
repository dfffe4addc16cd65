package io.ctvgateway.install;

import io.ctvgateway.config.AccessConfig;
import io.ctvgateway.config.AppConfig;
import io.ctvgateway.config.KochavaConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Which apps this gateway serves: the apps in config ({@code apps}), unless {@code access.unknown_apps} is
 * {@code accept} (an open relay, for development). An app with {@code client_keys} also needs one of its keys
 * on every request. Keys are compared in constant time; they live in TV apps, so they select an app and stop
 * casual abuse, they do not authenticate anyone.
 */
public final class AppAccess {
  /** The header a TV app sends its client key in. */
  public static final String KEY_HEADER = "X-Ctvgw-Key";

  private final KochavaConfig apps;
  private final AccessConfig.UnknownApps unknownApps;

  public AppAccess(KochavaConfig apps, AccessConfig access) {
    this.apps = Objects.requireNonNull(apps, "apps");
    this.unknownApps = Objects.requireNonNull(access, "access").unknownApps();
  }

  /**
   * Throws {@link AccessDenied} unless {@code appId} is served and {@code presentedKey} (the header's, else the
   * body's {@code client_key}; null when neither) is one of its keys, if it has keys.
   */
  public void check(String appId, String presentedKey) {
    if (!checkApp(appId)) {
      return;
    }
    AppConfig app = apps.app(appId);
    if (app.clientKeys().isEmpty()) {
      return;
    }
    if (presentedKey == null) {
      throw new AccessDenied(AccessDenied.Reason.INVALID_CLIENT_KEY, "client_key", "app '" + clip(appId)
          + "' requires a client key: send it in the " + KEY_HEADER + " header (or the client_key field)");
    }
    byte[] presented = presentedKey.getBytes(StandardCharsets.UTF_8);
    boolean match = false;
    for (String key : app.clientKeys()) {
      // Every key is compared, and each comparison takes the same time whatever the bytes: no early exit.
      match |= MessageDigest.isEqual(presented, key.getBytes(StandardCharsets.UTF_8));
    }
    if (!match) {
      throw new AccessDenied(AccessDenied.Reason.INVALID_CLIENT_KEY, "client_key", "the client key sent for app '"
          + clip(appId) + "' is not one of its keys");
    }
  }

  /**
   * The registry rule alone (the admin preview, which has no TV's key): throws {@link AccessDenied} for an app
   * that is not served; true when the app is listed, false when it is served only by the open-relay policy.
   */
  public boolean checkApp(String appId) {
    if (apps.listed(appId)) {
      return true;
    }
    if (unknownApps == AccessConfig.UnknownApps.ACCEPT) {
      return false;
    }
    throw new AccessDenied(AccessDenied.Reason.UNKNOWN_APP, "app_id", "app_id '" + clip(appId)
        + "' is not an app this gateway serves; add it under \"apps\" in the config (or to CTVGW_APPS) and restart");
  }

  /** Whether any app is served that was not listed: the start line warns. */
  public boolean openRelay() {
    return unknownApps == AccessConfig.UnknownApps.ACCEPT;
  }

  private static String clip(String text) {
    return text.length() <= 64 ? text : text.substring(0, 61) + "...";
  }
}
