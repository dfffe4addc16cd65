package io.ctvgateway.ingest;

import io.ctvgateway.config.AppConfig;
import io.ctvgateway.config.KochavaConfig;
import io.ctvgateway.dedupe.LedgerKey;
import io.ctvgateway.dedupe.Receipt;
import io.ctvgateway.kochava.AppleSearchAds;
import io.ctvgateway.kochava.Envelope;
import io.ctvgateway.kochava.KochavaPayload;
import io.ctvgateway.kochava.UpstreamRequest;
import io.ctvgateway.profile.DeviceProfile;
import io.ctvgateway.profile.DeviceRequest;
import io.ctvgateway.profile.InvalidDeviceException;
import io.ctvgateway.profile.ResolvedDevice;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;

/**
 * One install or event ready for admission: its ledger key (null for an event without {@code event_id}),
 * the exact upstream request, and warnings for the client.
 *
 * <p>Built the same way for installs and events, so that an event gets the very device resolution its
 * install got: ids, UA, {@code device_ver}, and the same derived {@code kochava_device_id}.
 */
record Submission(LedgerKey key, Receipt receipt, UpstreamRequest request, ResolvedDevice device, JsonArray warnings) {

  /** AdServices tokens are valid for 24 hours; an older one cannot be redeemed by Kochava. */
  static final long AD_SERVICES_TOKEN_TTL_SECONDS = 24 * 3600;

  /** What the HTTP request contributes besides its body. */
  record Origin(String platform, String ip, String headerUa, String rawBody) {}

  static Submission prepare(DeviceProfile profile, Origin origin, DeviceFields fields, EventFields event,
      KochavaConfig kochava, Clock clock) {
    return prepare(resolve(profile, origin, fields), origin, fields, event, kochava, clock);
  }

  /** The device as the profile sees it; a broken rule is a 400 naming the field. */
  static ResolvedDevice resolve(DeviceProfile profile, Origin origin, DeviceFields fields) {
    try {
      return profile.resolve(new DeviceRequest(fields.ids(), fields.lat(), fields.osVersion(), fields.model(),
          fields.deviceUa(), origin.headerUa(), fields.attAuthorized()));
    } catch (InvalidDeviceException e) {
      throw ApiException.badRequest(e.code(), e.field(), e.getMessage());
    }
  }

  static Submission prepare(ResolvedDevice device, Origin origin, DeviceFields fields, EventFields event,
      KochavaConfig kochava, Clock clock) {
    LedgerKey deviceKey = LedgerKey.of(fields.appId(), origin.platform(), device.installKey());
    LedgerKey key = event == null ? deviceKey : event.eventId() == null ? null : LedgerKey.ofEvent(deviceKey, event.eventId());
    long now = clock.millis() / 1000;
    JsonArray warnings = new JsonArray();
    DeviceFields.AdServices asa = fields.adServices();
    if (asa != null && asa.tokenTime() != null && now - asa.tokenTime() > AD_SERVICES_TOKEN_TTL_SECONDS) {
      warnings.add(new JsonObject()
          .put("code", "ad_services_token_expired")
          .put("field", "ad_services_token_time")
          .put("message", "the AdServices token is " + (now - asa.tokenTime()) / 3600
              + " hours old; Kochava can redeem it only within 24 hours. It was forwarded; send the attribution"
              + " result (ad_services_attribution) instead"));
    }
    Envelope envelope = new Envelope(
        event == null ? null : new Envelope.Event(event.name(), event.data(), event.currency()),
        fields.appId(),
        fields.appVersion(),
        fields.kochavaDeviceId() != null ? fields.kochavaDeviceId() : derivedDeviceId(deviceKey),
        event != null && event.usertime() != null ? event.usertime() : fields.usertime() != null ? fields.usertime() : now,
        origin.ip(),
        device,
        fields.lat() || device.limitTracking(),
        fields.att(),
        asa == null ? null : AppleSearchAds.data(asa.token(), asa.attribution(), asa.iad()),
        fields.referrer(),
        fields.data());
    AppConfig app = kochava.app(fields.appId());
    Receipt receipt = Receipt.next(clock);
    UpstreamRequest request = new UpstreamRequest(receipt.toString(), origin.platform(), fields.appId(), clock.millis(),
        KochavaPayload.serialise(KochavaPayload.body(envelope, app.wire())), KochavaPayload.userAgent(device),
        origin.rawBody(), deviceKey.hex(), key == null ? null : key.hex());
    return new Submission(key, receipt, request, device, warnings);
  }

  /**
   * Kochava wants one consistent id per app instance; derived from the install key, so a retry, a restart,
   * an event or another gateway all send the same one.
   */
  static String derivedDeviceId(LedgerKey deviceKey) {
    return "KG" + deviceKey.hex();
  }
}
