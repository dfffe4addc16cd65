package io.ctvgateway.install;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Objects;

/**
 * What every install and event request says about its app and device, with every JSON type checked.
 * Nullable fields are those the client may leave out.
 *
 * @param att ATT fields as sent ({@code att}, {@code att_time}, {@code att_duration}, {@code att_detail}),
 *     flat whichever shape the client used, or null when none was sent
 * @param adServices Apple Search Ads fields, or null
 * @param referrer install referrer or UTM string, passed through untouched, or null
 * @param consent Google DMA consent in Kochava's shape ({@code gdpr_applies}, {@code tc_string},
 *     {@code ad_user_data}, {@code ad_personalization}; flags as 1/0), or null when the client sent none
 * @param clientKey the app's client key when the body carries it ({@code client_key}), or null: checked by
 *     {@link AppAccess}, never forwarded
 */
public record DeviceFields(
    String appId,
    String appVersion,
    Map<String, String> ids,
    boolean lat,
    String osVersion,
    String model,
    String deviceUa,
    Long usertime,
    String kochavaDeviceId,
    JsonObject data,
    JsonObject att,
    AdServices adServices,
    String referrer,
    String clientKey,
    JsonObject consent) {

  public DeviceFields {
    Objects.requireNonNull(appId, "appId");
    ids = Map.copyOf(ids);
    data = data == null ? new JsonObject() : data;
  }

  /** ATT authorization as the device answered it: true, false, or null when the client sent no answer. */
  public Boolean attAuthorized() {
    return att == null ? null : att.getBoolean("att");
  }

  /**
   * Apple Search Ads: the AdServices token (and when the app got it), AdServices attribution results, and
   * iAd attribution results.
   */
  public record AdServices(String token, Long tokenTime, JsonObject attribution, JsonObject iad) {}
}
