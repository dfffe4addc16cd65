package io.ctvgateway.install;

import io.ctvgateway.config.AppConfig;
import io.ctvgateway.config.KochavaConfig;
import io.ctvgateway.dedupe.KeyHash;
import io.ctvgateway.dedupe.LedgerKey;
import io.ctvgateway.dedupe.Receipt;
import io.ctvgateway.json.JsonWriter;
import io.ctvgateway.json.StrictJson;
import io.ctvgateway.json.Utf8Text;
import io.ctvgateway.kochava.AppleSearchAds;
import io.ctvgateway.kochava.Envelope;
import io.ctvgateway.kochava.KochavaPayload;
import io.ctvgateway.profile.DeviceProfile;
import io.ctvgateway.profile.DeviceRequest;
import io.ctvgateway.profile.InvalidDeviceException;
import io.ctvgateway.profile.ResolvedDevice;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One install or event ready for admission: its ledger key (null for an event without {@code event_id}), the
 * accepted install it becomes, the device as its profile resolved it, and warnings for the client.
 *
 * <p>Installs and events are built by the same code, so an event resolved from the same device fields gets
 * the same ids, UA, {@code device_ver} and derived {@code kochava_device_id} as its install. Nothing here is
 * stored or claimed: the admin preview builds submissions too.
 */
public record Submission(LedgerKey key, AcceptedInstall install, ResolvedDevice device, List<Warning> warnings) {

  /** AdServices tokens are valid for 24 hours; an older one cannot be redeemed by Kochava. */
  static final long AD_SERVICES_TOKEN_TTL_SECONDS = 24 * 3600;

  public Submission {
    Objects.requireNonNull(install, "install");
    Objects.requireNonNull(device, "device");
    warnings = List.copyOf(warnings);
  }

  /**
   * What the HTTP request contributes besides its body.
   *
   * @param ip the client's address after trusted-proxy resolution
   * @param headerUa the request's {@code User-Agent} header, or null
   * @param rawBody the body's bytes as received, kept for dead letters
   */
  public record Origin(String platform, String ip, String headerUa, Utf8Text rawBody) {
    public Origin {
      Objects.requireNonNull(platform, "platform");
      Objects.requireNonNull(ip, "ip");
      Objects.requireNonNull(rawBody, "rawBody");
    }
  }

  /**
   * What preparing a submission depends on besides the request: the Kochava wire options per app, how install
   * keys are hashed, and the time.
   */
  public record Rules(KochavaConfig kochava, KeyHash keys, Clock clock) {
    public Rules {
      Objects.requireNonNull(kochava, "kochava");
      Objects.requireNonNull(keys, "keys");
      Objects.requireNonNull(clock, "clock");
    }
  }

  /** The receipt the client gets if this submission is accepted. */
  public Receipt receipt() {
    return install.receipt();
  }

  /**
   * Resolves the device and prepares an install ({@code event} null) or an event.
   *
   * @throws InvalidDeviceException when the profile refuses the device fields (a 400 naming the field)
   */
  public static Submission prepare(DeviceProfile profile, Origin origin, DeviceFields fields, EventFields event,
      Rules rules) {
    return prepare(resolve(profile, origin, fields), origin, fields, event, rules);
  }

  /**
   * The device as the profile sees it (a batch resolves it once for all its events).
   *
   * @throws InvalidDeviceException when a profile rule is broken
   */
  public static ResolvedDevice resolve(DeviceProfile profile, Origin origin, DeviceFields fields) {
    return profile.resolve(new DeviceRequest(fields.ids(), fields.lat(), fields.osVersion(), fields.model(),
        fields.deviceUa(), origin.headerUa(), fields.attAuthorized()));
  }

  /** Prepares an install ({@code event} null) or an event of a device already resolved. */
  public static Submission prepare(ResolvedDevice device, Origin origin, DeviceFields fields, EventFields event,
      Rules rules) {
    Clock clock = rules.clock();
    LedgerKey deviceKey = rules.keys().device(fields.appId(), origin.platform(), device.installKey());
    LedgerKey key = event == null ? deviceKey
        : event.eventId() == null ? null : rules.keys().event(deviceKey, event.eventId());
    long now = clock.millis() / 1000;
    DeviceFields.AdServices asa = fields.adServices();
    List<Warning> warnings = List.of();
    if (asa != null && asa.tokenTime() != null && now - asa.tokenTime() > AD_SERVICES_TOKEN_TTL_SECONDS) {
      warnings = List.of(new Warning("ad_services_token_expired", "ad_services_token_time",
          "the AdServices token is " + (now - asa.tokenTime()) / 3600
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
        fields.data(),
        consent(fields, rules.kochava().app(fields.appId())));
    AppConfig app = rules.kochava().app(fields.appId());
    AcceptedInstall install = new AcceptedInstall(Receipt.next(clock), origin.platform(), fields.appId(),
        clock.millis(), KochavaPayload.write(envelope, app.wire()),
        KochavaPayload.userAgent(device), storedOriginal(origin.rawBody(), fields, device), OrderKey.of(deviceKey), key,
        null);
    return new Submission(key, install, device, warnings);
  }

  /**
   * Prepares one identity link of a device already resolved: a record for Kochava's IdentityLink endpoint,
   * de-duplicated per device, name and value, in the device's order (after its install).
   */
  public static Submission identityLink(ResolvedDevice device, Origin origin, DeviceFields fields, String name,
      String value, Rules rules) {
    Clock clock = rules.clock();
    LedgerKey deviceKey = rules.keys().device(fields.appId(), origin.platform(), device.installKey());
    // Namespaced apart from event ids: an event_id can never collide with an identity.
    LedgerKey key = rules.keys().event(deviceKey, "\u0001identity\u0000" + name + "\u0000" + value);
    AcceptedInstall install = new AcceptedInstall(Receipt.next(clock), origin.platform(), fields.appId(),
        clock.millis(), KochavaPayload.serialise(KochavaPayload.identityLink(fields.appId(), device.deviceIds(), name,
            value)),
        KochavaPayload.userAgent(device), storedOriginal(origin.rawBody(), fields, device), OrderKey.of(deviceKey), key,
        AcceptedInstall.IDENTITY_LINK);
    return new Submission(key, install, device, List.of());
  }

  /**
   * The request's consent with the app's {@code gdpr_applies} default filled in where the request leaves it out;
   * a request saying GDPR does not apply to an app configured as always applying it is refused (400).
   */
  static JsonObject consent(DeviceFields fields, AppConfig app) {
    JsonObject consent = fields.consent();
    if (consent == null || app.gdprApplies() == null) {
      return consent;
    }
    Integer sent = consent.getInteger("gdpr_applies");
    if (sent == null) {
      return consent.copy().put("gdpr_applies", app.gdprApplies() ? 1 : 0);
    }
    if (app.gdprApplies() && sent == 0) {
      throw new InvalidDeviceException("invalid_value", "gdpr_privacy_consent.gdpr_applies", "gdpr_applies is false,"
          + " but app " + fields.appId() + " is configured with gdpr_applies true (an app the GDPR always applies to)");
    }
    return consent;
  }

  /** What replaces an identifier that is not forwarded, in the original request the journal keeps. */
  static final String NOT_STORED = "[not stored: not forwarded]";

  /**
   * The original request as the journal and dead letters keep it: as received, except that an identifier the
   * profile did not forward (the RIDA under {@code lat}, an opted-out id, one the profile does not use) is
   * replaced by {@link #NOT_STORED}. What is not sent to Kochava is not kept either.
   */
  static Utf8Text storedOriginal(Utf8Text rawBody, DeviceFields fields, ResolvedDevice device) {
    java.util.List<String> dropped = null; // a device has one to three ids: compared pairwise, nothing built
    for (Map.Entry<String, String> id : fields.ids().entrySet()) {
      if (!forwarded(id.getValue(), device.deviceIds().values())) {
        if (dropped == null) {
          dropped = new java.util.ArrayList<>();
        }
        dropped.add(id.getKey());
      }
    }
    if (dropped == null) {
      return rawBody;
    }
    JsonObject original = (JsonObject) StrictJson.parse(rawBody.toBytes()).value();
    JsonObject ids = original.getJsonObject("ids");
    if (ids == null) {
      return rawBody;
    }
    for (String name : dropped) {
      if (ids.containsKey(name)) {
        ids.put(name, NOT_STORED);
      }
    }
    return JsonWriter.writeUtf8(original);
  }

  private static boolean forwarded(String sent, java.util.Collection<String> forwarded) {
    for (String value : forwarded) {
      if (sameId(sent, value)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether two ids are the same as profiles may normalise them: case and separators do not make another id
   * (their letters and digits, lower-cased, compared in order).
   */
  static boolean sameId(String a, String b) {
    if (a.equals(b)) {
      return true; // what a profile forwards is nearly always what was sent: no character-class walk
    }
    int i = 0;
    int j = 0;
    while (true) {
      while (i < a.length() && !Character.isLetterOrDigit(a.charAt(i))) {
        i++;
      }
      while (j < b.length() && !Character.isLetterOrDigit(b.charAt(j))) {
        j++;
      }
      if (i == a.length() || j == b.length()) {
        return i == a.length() && j == b.length();
      }
      if (Character.toLowerCase(a.charAt(i++)) != Character.toLowerCase(b.charAt(j++))) {
        return false;
      }
    }
  }

  /** The order key of the device {@code device} of app {@code appId} on {@code platform}. */
  public static OrderKey orderKey(String appId, String platform, ResolvedDevice device, Rules rules) {
    return OrderKey.of(rules.keys().device(appId, platform, device.installKey()));
  }

  /**
   * Kochava wants one consistent id per app instance; derived from the install key, so a retry, a restart,
   * an event or another gateway all send the same one.
   */
  static String derivedDeviceId(LedgerKey deviceKey) {
    return deviceKey.hex("KG");
  }
}
