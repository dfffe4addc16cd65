package io.ctvgateway.profile;

/**
 * Turns a platform's native device description into what Kochava expects. One per platform id
 * ({@code roku}, {@code lg-webos}...), loaded from {@code device-profiles/*.json}.
 *
 * <p>Implementations are immutable and thread-safe: every event loop shares them.
 */
public interface DeviceProfile {

  /** The platform id used in {@code /v1/{platform}/install}. */
  String id();

  /**
   * Resolves identifiers, install key, user agent and {@code device_ver}.
   *
   * @throws InvalidDeviceException when the request breaks one of the profile's rules
   */
  ResolvedDevice resolve(DeviceRequest request);
}
