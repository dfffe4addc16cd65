package io.ctvgateway.profile;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@link DeviceProfile} driven entirely by a profile file ({@code device-profiles/*.json}); built by
 * {@link ProfileParser}. Immutable and thread-safe.
 *
 * <p>{@code resolve} checks, in order: identifiers ({@link IdentifierSet}), model, os_version
 * ({@link OsVersionRules}); then picks the user agent: explicit {@code deviceUa} &gt; a {@code User-Agent}
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

  /**
   * @param headerUa found anywhere in the header ({@code find()}), or null when no header is a device UA
   */
  DeclarativeProfile(String id, String osName, String defaultModel, IdentifierSet identifiers,
      OsVersionRules osVersion, Pattern headerUa) {
    this.id = Objects.requireNonNull(id, "id");
    this.osName = Objects.requireNonNull(osName, "osName");
    this.defaultModel = Objects.requireNonNull(defaultModel, "defaultModel");
    this.identifiers = Objects.requireNonNull(identifiers, "identifiers");
    this.osVersion = Objects.requireNonNull(osVersion, "osVersion");
    this.headerUa = headerUa;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public ResolvedDevice resolve(DeviceRequest request) {
    IdentifierSet.Resolved ids = identifiers.resolve(request.ids(), request.lat());
    String model = model(request.model());
    Optional<OsVersionRules.Parsed> version = osVersion.parse(request.osVersion());

    // device_ver = <model>-<OS name>-<OS version>; the model may contain '-', the last two segments never do.
    String deviceVer = version.map(OsVersionRules.Parsed::deviceVersion)
        .map(v -> model + "-" + osName + "-" + v)
        .orElse(null);

    if (!isBlank(request.deviceUa())) {
      return new ResolvedDevice(ids.deviceIds(), ids.installKey(), request.deviceUa(), UaSource.EXPLICIT, deviceVer);
    }
    if (isDeviceUa(request.headerUa())) {
      return new ResolvedDevice(ids.deviceIds(), ids.installKey(), request.headerUa(), UaSource.HEADER, deviceVer);
    }
    String template = version.map(OsVersionRules.Parsed::userAgent).orElse(null);
    UaSource source = template == null ? UaSource.NONE : UaSource.TEMPLATE;
    return new ResolvedDevice(ids.deviceIds(), ids.installKey(), template, source, deviceVer);
  }

  /** Whether a ping's own {@code User-Agent} header is a device UA of this platform. */
  boolean isDeviceUa(String header) {
    return headerUa != null && header != null && headerUa.matcher(header).find();
  }

  private String model(String model) {
    if (isBlank(model)) {
      return defaultModel;
    }
    String trimmed = model.trim();
    if (trimmed.length() > MAX_MODEL_LENGTH) {
      throw new InvalidDeviceException("invalid_format", "model", "model must be at most " + MAX_MODEL_LENGTH
          + " characters, got " + trimmed.length() + ": " + Quoted.of(trimmed));
    }
    if (trimmed.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidDeviceException("invalid_format", "model",
          "model must not contain control characters, got " + Quoted.of(trimmed));
    }
    return trimmed;
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  @Override
  public String toString() {
    return "DeclarativeProfile[" + id + "]";
  }
}
