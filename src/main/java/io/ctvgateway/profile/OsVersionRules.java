package io.ctvgateway.profile;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How a profile reads {@code os_version}: placeholders to reject, formats tried in order, and the template of
 * the OS version written into {@code device_ver}.
 *
 * @param formats tried in order; the first full match wins
 * @param placeholders values meaning "unknown" (Roku's {@code 999.9999999}), compared exactly after trimming
 * @param deviceVersion the OS version for {@code device_ver}, rendered from the matched format's variables
 */
record OsVersionRules(List<VersionFormat> formats, Set<String> placeholders, Template deviceVersion) {

  /** Longest os_version accepted, before any regex runs. */
  static final int MAX_LENGTH = 64;

  /**
   * What a valid os_version gives.
   *
   * @param deviceVersion the OS version part of {@code device_ver}, or null when it does not render
   * @param userAgent the synthesised user agent, or null when the format has none for this version
   */
  record Parsed(String deviceVersion, String userAgent) {}

  OsVersionRules {
    formats = List.copyOf(formats);
    placeholders = Set.copyOf(placeholders);
    Objects.requireNonNull(deviceVersion, "deviceVersion");
  }

  /**
   * Parses an os_version; null or blank means "not sent".
   *
   * @param model the model as the client sent it (trimmed), or null: the {@code model} variable of templates
   *
   * @throws InvalidDeviceException on field {@code os_version}: {@code placeholder_version} or
   *     {@code invalid_format}
   */
  private static final java.util.regex.Pattern NUMERIC_MAJOR = java.util.regex.Pattern.compile("[0-9]{1,6}");

  Optional<Parsed> parse(String osVersion, String model) {
    if (osVersion == null || osVersion.isBlank()) {
      return Optional.empty();
    }
    String raw = osVersion.trim();
    if (raw.length() > MAX_LENGTH) {
      throw new InvalidDeviceException("invalid_format", "os_version", "os_version must be at most "
          + MAX_LENGTH + " characters, got " + raw.length());
    }
    if (placeholders.contains(raw)) {
      throw new InvalidDeviceException("placeholder_version", "os_version",
          "os_version is a placeholder the platform reports when the version is unknown, got " + Quoted.of(raw));
    }
    for (VersionFormat format : formats) {
      Optional<Map<String, String>> vars = format.match(raw, model);
      if (vars.isPresent()) {
        return Optional.of(new Parsed(
            deviceVersion.render(vars.get()).orElse(null),
            format.userAgent(vars.get()).orElse(null)));
      }
    }
    throw new InvalidDeviceException("invalid_format", "os_version", "os_version must be one of: "
        + formats.stream().map(VersionFormat::description).collect(Collectors.joining("; "))
        + "; got " + Quoted.of(raw));
  }

  /**
   * The {@code major} variable of a valid os_version, without throwing: empty when the version is absent,
   * invalid (the full parse reports that), or its format has no numeric {@code major}.
   */
  OptionalInt major(String osVersion) {
    if (osVersion == null || osVersion.isBlank() || osVersion.trim().length() > MAX_LENGTH) {
      return OptionalInt.empty();
    }
    for (VersionFormat format : formats) {
      Optional<Map<String, String>> vars = format.match(osVersion.trim(), null);
      if (vars.isPresent()) {
        String major = vars.get().get("major");
        return major != null && NUMERIC_MAJOR.matcher(major).matches() ? OptionalInt.of(Integer.parseInt(major))
            : OptionalInt.empty();
      }
    }
    return OptionalInt.empty();
  }
}
