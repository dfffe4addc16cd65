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

  /**
   * The identifier a Kochava {@code device_ids} key stands for on this platform ({@code rida} for Roku's RIDA),
   * for requests written in Kochava's own shape; empty when the profile has none under that key.
   */
  default java.util.Optional<String> identifierOfKochavaKey(String kochavaKey) {
    return java.util.Optional.empty();
  }

  /** The OS name in {@code device_ver} ({@code <model>-<OS name>-<version>}), or null when the profile has none. */
  default String osName() {
    return null;
  }
}
