package io.ctvgateway.kochava;

import io.ctvgateway.profile.ResolvedDevice;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * A normalized install: everything Kochava's install payload is made of.
 *
 * @param appId Kochava app id
 * @param appVersion the app's version, or null
 * @param kochavaDeviceId the client's, or one derived stably from the install key
 * @param usertime epoch seconds of the install on the device
 * @param originationIp the TV's public IP
 * @param device identifiers, UA and {@code device_ver} from the device profile
 * @param data extra keys passed through into Kochava's {@code data} (never one of the keys set here)
 */
public record Install(
    String appId,
    String appVersion,
    String kochavaDeviceId,
    long usertime,
    String originationIp,
    ResolvedDevice device,
    JsonObject data) {

  public Install {
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(kochavaDeviceId, "kochavaDeviceId");
    Objects.requireNonNull(originationIp, "originationIp");
    Objects.requireNonNull(device, "device");
    data = data == null ? new JsonObject() : data.copy();
  }
}
