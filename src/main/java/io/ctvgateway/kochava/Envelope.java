package io.ctvgateway.kochava;

import io.ctvgateway.profile.ResolvedDevice;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Everything a Kochava S2S request (install or event) is made of, normalized.
 *
 * @param event the event, or null for an install
 * @param kochavaDeviceId the client's, or one derived stably from the install key
 * @param usertime epoch seconds on the device
 * @param originationIp the TV's public IP
 * @param device identifiers, UA and {@code device_ver} from the device profile
 * @param limitTracking the platform's opt-out applies: {@code data.device_limit_tracking} is sent as true
 * @param att ATT fields (flat: {@code att}, {@code att_time}, {@code att_duration}, {@code att_detail}), or null
 * @param adServices Apple Search Ads keys for {@code data} (token, iAd-named attribution), or null
 * @param referrer install referrer or UTM string, or null
 * @param data extra keys passed through into Kochava's {@code data}; not copied (the caller hands it over)
 */
public record Envelope(
    Event event,
    String appId,
    String appVersion,
    String kochavaDeviceId,
    long usertime,
    String originationIp,
    ResolvedDevice device,
    boolean limitTracking,
    JsonObject att,
    JsonObject adServices,
    String referrer,
    JsonObject data,
    JsonObject consent) {

  /** A post-install event: {@code event_name}, {@code event_data}, optional {@code currency}. */
  public record Event(String name, JsonObject data, String currency) {
    public Event {
      Objects.requireNonNull(name, "name");
      data = data == null ? new JsonObject() : data.copy();
    }
  }

  public Envelope {
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(kochavaDeviceId, "kochavaDeviceId");
    Objects.requireNonNull(originationIp, "originationIp");
    Objects.requireNonNull(device, "device");
    // Held, not copied: the request's own object, read once to write the body (a deep copy per install was
    // half a percent of its CPU).
    data = data == null ? new JsonObject() : data;
  }

  public String action() {
    return event == null ? "install" : "event";
  }
}
