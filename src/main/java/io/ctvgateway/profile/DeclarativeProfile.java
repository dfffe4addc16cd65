package io.ctvgateway.profile;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@link DeviceProfile} driven entirely by a profile file ({@code device-profiles/*.json}); built by
 * {@link ProfileParser}. Immutable and thread-safe.
 *
 * <p>{@code resolve} checks, in order: identifiers ({@link IdentifierSet}, with the opt-out rules: {@code lat},
 * opt-out values, ATT), model, os_version ({@link OsVersionRules}); then picks the user agent: explicit {@code deviceUa} &gt; a {@code User-Agent}
 * header the profile recognises as a device UA &gt; the template for the reported OS version &gt; none.
 */
final class DeclarativeProfile implements DeviceProfile {
  /** Longest model accepted. */
  static final int MAX_MODEL_LENGTH = 64;

  private final String id;
  private final String osName;
  private final String defaultModel;
  private final IdentifierSet identifiers;
  private final OsVersionRules osVersion;
  private final Pattern headerUa;
  private final OptOutRules optOut;
  /**
   * What each os_version (with the model its templates read) parses to. A fleet reports few distinct versions
   * and models, and parsing one is a regex match per format and a template or two rendered (3% of an install's
   * Java time); a valid pair is parsed once. An invalid one throws and is not kept; bounded (Caffeine's
   * frequency-aware eviction keeps a fleet's common versions against a flood of made-up ones), maintained on
   * the caller's thread (no pool thread woken from an event loop).
   */
  private final Cache<VersionKey, OsVersionRules.Parsed> versions = Caffeine.newBuilder()
      .maximumSize(VERSIONS_KEPT).executor(Runnable::run).build();

  /** Distinct (os_version, model) pairs kept parsed, per profile. */
  static final int VERSIONS_KEPT = 4_096;

  private record VersionKey(String osVersion, String model) {}

  /**
   * @param headerUa found anywhere in the header ({@code find()}), or null when no header is a device UA
   */
  DeclarativeProfile(String id, String osName, String defaultModel, IdentifierSet identifiers,
      OsVersionRules osVersion, Pattern headerUa, OptOutRules optOut) {
    this.id = Objects.requireNonNull(id, "id");
    this.osName = Objects.requireNonNull(osName, "osName");
    this.defaultModel = Objects.requireNonNull(defaultModel, "defaultModel");
    this.identifiers = Objects.requireNonNull(identifiers, "identifiers");
    this.osVersion = Objects.requireNonNull(osVersion, "osVersion");
    this.headerUa = headerUa;
    this.optOut = Objects.requireNonNull(optOut, "optOut");
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Optional<String> identifierOfKochavaKey(String kochavaKey) {
    return identifiers.nameOfKochavaKey(kochavaKey);
  }

  @Override
  public String osName() {
    return osName;
  }

  @Override
  public ResolvedDevice resolve(DeviceRequest request) {
    boolean attDenied = optOut.attDenies(request.att(), () -> osVersion.major(request.osVersion()));
    IdentifierSet.Resolved ids = identifiers.resolve(request.ids(), request.lat(), attDenied);
    String sentModel = sentModel(request.model());
    String model = sentModel == null ? defaultModel : sentModel;
    Optional<OsVersionRules.Parsed> version = version(request.osVersion(), sentModel);

    // device_ver = <model>-<OS name>-<OS version>; the model may contain '-', the last two segments never do.
    String deviceVer = version.map(OsVersionRules.Parsed::deviceVersion)
        .map(v -> model + "-" + osName + "-" + v)
        .orElse(null);

    if (!isBlank(request.deviceUa())) {
      return device(ids, request.deviceUa(), UaSource.EXPLICIT, deviceVer);
    }
    if (isDeviceUa(request.headerUa())) {
      return device(ids, request.headerUa(), UaSource.HEADER, deviceVer);
    }
    String template = version.map(OsVersionRules.Parsed::userAgent).orElse(null);
    return device(ids, template, template == null ? UaSource.NONE : UaSource.TEMPLATE, deviceVer);
  }

  /** {@link OsVersionRules#parse}, remembered for a valid pair. */
  private Optional<OsVersionRules.Parsed> version(String os, String model) {
    if (isBlank(os)) {
      return Optional.empty();
    }
    VersionKey key = new VersionKey(os, model);
    OsVersionRules.Parsed known = versions.getIfPresent(key);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<OsVersionRules.Parsed> parsed = osVersion.parse(os, model); // an invalid one throws: nothing kept
    parsed.ifPresent(value -> versions.put(key, value));
    return parsed;
  }

  /** How many (os_version, model) pairs are kept parsed (tests). */
  long versionsKept() {
    versions.cleanUp();
    return versions.estimatedSize();
  }

  private static ResolvedDevice device(IdentifierSet.Resolved ids, String ua, UaSource source, String deviceVer) {
    return new ResolvedDevice(ids.deviceIds(), ids.installKey(), ua, source, deviceVer, ids.limitTracking());
  }

  /** Whether a ping's own {@code User-Agent} header is a device UA of this platform. */
  boolean isDeviceUa(String header) {
    return headerUa != null && header != null && headerUa.matcher(header).find();
  }

  /** The model as sent, trimmed and checked; null when none was sent (then {@code defaultModel} is used). */
  private static String sentModel(String model) {
    if (isBlank(model)) {
      return null;
    }
    String trimmed = model.trim();
    if (trimmed.length() > MAX_MODEL_LENGTH) {
      throw new InvalidDeviceException("invalid_format", "model", "model must be at most " + MAX_MODEL_LENGTH
          + " characters, got " + trimmed.length() + ": " + Quoted.of(trimmed));
    }
    if (hasControl(trimmed)) {
      throw new InvalidDeviceException("invalid_format", "model",
          "model must not contain control characters, got " + Quoted.of(trimmed));
    }
    return trimmed;
  }

  private static boolean hasControl(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  @Override
  public String toString() {
    return "DeclarativeProfile[" + id + "]";
  }
}
