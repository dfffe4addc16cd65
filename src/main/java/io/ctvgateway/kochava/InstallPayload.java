package io.ctvgateway.kochava;

import io.ctvgateway.profile.ResolvedDevice;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Kochava's S2S install body ({@code POST /track/json}) and {@code User-Agent} header, per
 * {@code reference/kochava-s2s.md}: {@code usertime} as a string of epoch seconds, {@code device_ua}
 * URL-encoded (empty when no real UA is known, in which case the header is {@code Unknown} and Kochava builds
 * a UA from {@code device_ver}).
 */
public final class InstallPayload {

  /** The header Kochava expects when only {@code device_ver} is known. */
  public static final String UNKNOWN_UA = "Unknown";

  /** {@code data} keys the gateway sets itself; a client's pass-through {@code data} may not set them. */
  public static final Set<String> RESERVED_DATA_KEYS = Set.of(
      "usertime", "app_version", "origination_ip", "device_ua", "device_ver", "device_ids");

  private InstallPayload() {}

  public static JsonObject body(Install install) {
    ResolvedDevice device = install.device();
    JsonObject data = new JsonObject().put("usertime", Long.toString(install.usertime()));
    if (install.appVersion() != null) {
      data.put("app_version", install.appVersion());
    }
    data.put("origination_ip", install.originationIp());
    data.put("device_ua", device.deviceUa() == null ? "" : UriComponent.encode(device.deviceUa()));
    if (device.deviceVer() != null) {
      data.put("device_ver", device.deviceVer());
    }
    JsonObject ids = new JsonObject();
    device.deviceIds().forEach(ids::put);
    data.put("device_ids", ids);
    install.data().forEach(entry -> data.put(entry.getKey(), entry.getValue()));
    return new JsonObject()
        .put("action", "install")
        .put("kochava_app_id", install.appId())
        .put("kochava_device_id", install.kochavaDeviceId())
        .put("data", data);
  }

  public static String userAgent(ResolvedDevice device) {
    return device.deviceUa() == null ? UNKNOWN_UA : device.deviceUa();
  }
}
