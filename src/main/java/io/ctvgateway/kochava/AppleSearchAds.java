package io.ctvgateway.kochava;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Apple Search Ads attribution for Kochava. AdServices results (iOS/tvOS 14.3+) are renamed to the iAd keys
 * Kochava reads ({@code orgId} to {@code iad-org-id}...); keys outside the table pass through as they are.
 * iAd results pass through untouched and win over a mapped AdServices key of the same name, as Kochava
 * prefers iAd claims when both are present.
 */
public final class AppleSearchAds {
  /** AdServices attribution key to the iAd key Kochava reads (reference/kochava-s2s.md). */
  public static final Map<String, String> ADSERVICES_TO_IAD = Map.of(
      "orgId", "iad-org-id",
      "campaignId", "iad-campaign-id",
      "adGroupId", "iad-adgroup-id",
      "keywordId", "iad-keyword-id",
      "clickDate", "iad-click-date",
      "conversionType", "iad-conversion-type",
      "countryOrRegion", "iad-country-or-region",
      "creativeSetId", "iad-creativeset-id",
      "attribution", "iad-attribution");

  /** The key of the AdServices token in {@code data}. */
  public static final String TOKEN_KEY = "ad_services_token";

  private AppleSearchAds() {}

  /** The {@code data} keys for a token and attribution results; null when there is nothing. */
  public static JsonObject data(String token, JsonObject adServicesAttribution, JsonObject iadAttribution) {
    if (token == null && adServicesAttribution == null && iadAttribution == null) {
      return null;
    }
    JsonObject out = new JsonObject();
    if (token != null) {
      out.put(TOKEN_KEY, token);
    }
    if (adServicesAttribution != null) {
      adServicesAttribution.forEach(e -> out.put(ADSERVICES_TO_IAD.getOrDefault(e.getKey(), e.getKey()), e.getValue()));
    }
    if (iadAttribution != null) {
      iadAttribution.forEach(e -> out.put(e.getKey(), e.getValue()));
    }
    return out;
  }
}
