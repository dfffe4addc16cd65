package io.ctvgateway.profile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A device as Kochava will see it: the outcome of a {@link DeviceProfile}.
 *
 * @param deviceIds Kochava {@code device_ids} (Kochava key to value), in the profile's declared order
 * @param installKey the identifier installs are de-duplicated on
 * @param deviceUa the device user agent to forward (not URL-encoded), or null when none is known
 * @param uaSource where {@code deviceUa} came from
 * @param deviceVer {@code <model>-<OS name>-<OS version>}, or null when the OS version is unknown
 * @param limitTracking the platform's opt-out applies ({@code lat}, an opt-out value such as an all-zero GAID or
 *     IDFA, or ATT not authorized): no advertising id is in {@code deviceIds}
 */
public record ResolvedDevice(
    Map<String, String> deviceIds,
    InstallKey installKey,
    String deviceUa,
    UaSource uaSource,
    String deviceVer,
    boolean limitTracking) {

  public ResolvedDevice {
    deviceIds = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(deviceIds, "deviceIds")));
    Objects.requireNonNull(installKey, "installKey");
    Objects.requireNonNull(uaSource, "uaSource");
    if ((deviceUa == null) != (uaSource == UaSource.NONE)) {
      throw new IllegalArgumentException("deviceUa must be null exactly when uaSource is NONE");
    }
  }
}
