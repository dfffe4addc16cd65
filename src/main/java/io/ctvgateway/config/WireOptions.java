package io.ctvgateway.config;

import java.util.Locale;
import java.util.Objects;

/**
 * How an app's payloads are written for Kochava, where its public pages disagree or leave a choice.
 *
 * @param appVersionTopLevel true: {@code app_ver} at the top level (the install sample of one seed page);
 *     false: {@code data.app_version} (the default, as events have it)
 * @param encodeDeviceUa URL-encode {@code data.device_ua} (default true, as Kochava's samples)
 * @param usertimeAsNumber send {@code data.usertime} as a JSON number; false (default): a string, as the samples
 * @param attNested ATT fields nested as {@code data.app_tracking_transparency}; false (default): flat in data
 * @param referrerKey the {@code data} key the client's {@code referrer} goes under
 * @param authTokenBase64 {@code auth_token_encoding: base64}: the install-authentication token's HMAC in Base64;
 *     false (default, {@code hex}): lower-case hex, the only public implementation's choice. An option so that a
 *     Kochava rejection of one encoding is a config change, not a release.
 */
public record WireOptions(
    boolean appVersionTopLevel, boolean encodeDeviceUa, boolean usertimeAsNumber, boolean attNested,
    String referrerKey, boolean authTokenBase64) {

  public static final WireOptions DEFAULTS = new WireOptions(false, true, false, false, "referrer", false);

  /** The options before the token encoding existed: hex. */
  public WireOptions(boolean appVersionTopLevel, boolean encodeDeviceUa, boolean usertimeAsNumber, boolean attNested,
      String referrerKey) {
    this(appVersionTopLevel, encodeDeviceUa, usertimeAsNumber, attNested, referrerKey, false);
  }

  public WireOptions {
    Objects.requireNonNull(referrerKey, "referrerKey");
  }

  /** Reads the wire keys of {@code node}, each falling back to {@code base}. */
  static WireOptions from(ConfigNode node, WireOptions base) {
    String location = node.string("app_version_location", base.appVersionTopLevel() ? "top_level" : "data")
        .toLowerCase(Locale.ROOT);
    if (!location.equals("data") && !location.equals("top_level")) {
      throw new ConfigException(node.key("app_version_location") + " must be data or top_level, got '" + location + "'");
    }
    String usertime = node.string("usertime_type", base.usertimeAsNumber() ? "number" : "string")
        .toLowerCase(Locale.ROOT);
    if (!usertime.equals("string") && !usertime.equals("number")) {
      throw new ConfigException(node.key("usertime_type") + " must be string or number, got '" + usertime + "'");
    }
    String att = node.string("att_shape", base.attNested() ? "nested" : "flat").toLowerCase(Locale.ROOT);
    if (!att.equals("flat") && !att.equals("nested")) {
      throw new ConfigException(node.key("att_shape") + " must be flat or nested, got '" + att + "'");
    }
    String referrerKey = node.string("referrer_key", base.referrerKey());
    if (!referrerKey.matches("[A-Za-z0-9_.-]{1,64}")) {
      throw new ConfigException(node.key("referrer_key") + " must be 1-64 of A-Z a-z 0-9 _ . -, got '" + referrerKey + "'");
    }
    String encoding = node.string("auth_token_encoding", base.authTokenBase64() ? "base64" : "hex")
        .toLowerCase(Locale.ROOT);
    if (!encoding.equals("hex") && !encoding.equals("base64")) {
      throw new ConfigException(node.key("auth_token_encoding") + " must be hex or base64, got '" + encoding + "'");
    }
    return new WireOptions(location.equals("top_level"), node.bool("encode_device_ua", base.encodeDeviceUa()),
        usertime.equals("number"), att.equals("nested"), referrerKey, encoding.equals("base64"));
  }
}
