package io.ctvgateway.profile;

import java.util.Map;
import java.util.Objects;

/**
 * What a TV client said about its device, after the ingest layer has checked JSON types.
 *
 * @param ids identifiers by the names the client used (native names or declared aliases), values as sent
 * @param lat limit ad tracking: advertising identifiers are not forwarded when true
 * @param osVersion the OS version as the platform reports it, or null
 * @param model the device model as the platform reports it, or null
 * @param deviceUa a user agent the client sent explicitly in its body, or null
 * @param headerUa the {@code User-Agent} header of the ping itself, or null
 * @param att App Tracking Transparency: true when the user authorized tracking, false when not, null when the
 *     client did not say; profiles with an ATT rule ({@code optOut.attRequiredFromOsMajor}) forward advertising
 *     ids only when it is true
 */
public record DeviceRequest(
    Map<String, String> ids,
    boolean lat,
    String osVersion,
    String model,
    String deviceUa,
    String headerUa,
    Boolean att) {

  public DeviceRequest {
    ids = Map.copyOf(Objects.requireNonNull(ids, "ids"));
  }
}
