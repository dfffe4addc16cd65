package io.ctvgateway.profile;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One identifier a profile accepts: its names, accepted formats with their normalization, placeholder values
 * and the Kochava {@code device_ids} key it is forwarded under.
 *
 * @param name the native name: the {@code ids} key clients use and the {@link InstallKey#type()}
 * @param aliases other {@code ids} keys meaning the same identifier
 * @param kochavaKey the key in Kochava {@code device_ids}
 * @param advertising an advertising id: dropped (never validated, forwarded or used as key) when lat is true
 * @param description what a valid value looks like, completing "ids.x must be ..."
 * @param formats accepted formats, tried in order
 * @param placeholders placeholder values in canonical form (see {@link #canonical(String)})
 * @param optOutValues values (canonical form) an advertising id takes when the user opted out, such as the
 *     all-zero GAID or IDFA: dropped and the device marked limit-tracking, not rejected
 * @param keyWhenLimited under limit tracking this advertising id is still the install key (checked, hashed into
 *     the ledger key, never forwarded): for platforms whose only identifier is an advertising id (Samsung's
 *     TIFA, Vizio's VIDA), so an opted-out device's install is still forwarded once, without any id
 */
record IdentifierRule(
    String name,
    List<String> aliases,
    String kochavaKey,
    boolean advertising,
    String description,
    List<Format> formats,
    Set<String> placeholders,
    Set<String> optOutValues,
    boolean keyWhenLimited) {

  /** Longest identifier accepted, before any regex runs. */
  static final int MAX_LENGTH = 128;

  /**
   * An accepted format: a full-match regex, the steps to the normal form, and the regex as a loop when its shape
   * allows ({@link FixedShape}; null otherwise).
   */
  record Format(Pattern pattern, List<Normalization> normalize, FixedShape shape) {
    Format {
      Objects.requireNonNull(pattern, "pattern");
      normalize = List.copyOf(normalize);
    }

    Format(Pattern pattern, List<Normalization> normalize) {
      this(pattern, normalize, FixedShape.of(pattern));
    }

    boolean matches(String value) {
      return shape != null ? shape.matches(value) : pattern.matcher(value).matches();
    }
  }

  IdentifierRule {
    Objects.requireNonNull(name, "name");
    aliases = List.copyOf(aliases);
    Objects.requireNonNull(kochavaKey, "kochavaKey");
    Objects.requireNonNull(description, "description");
    formats = List.copyOf(formats);
    placeholders = Set.copyOf(placeholders);
    optOutValues = Set.copyOf(optOutValues);
  }

  /** Whether {@code value} is this advertising id's opt-out value (compared like placeholders). */
  boolean isOptOut(String value) {
    return inCanonical(optOutValues, value);
  }

  /**
   * Whether {@code value}'s canonical form is in {@code canonicalValues} (a profile's few placeholders or opt-out
   * values), compared in place for an ASCII value: {@link #canonical} built two strings per id per install.
   */
  static boolean inCanonical(Set<String> canonicalValues, String value) {
    if (canonicalValues.isEmpty()) {
      return false;
    }
    if (canonicalValues.size() > 16) {
      return canonicalValues.contains(canonical(value)); // a long list: one hash lookup beats comparing each
    }
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) >= 0x80) {
        return canonicalValues.contains(canonical(value)); // String.toLowerCase's rules beyond ASCII
      }
    }
    for (String candidate : canonicalValues) {
      if (sameCanonical(value, candidate)) {
        return true;
      }
    }
    return false;
  }

  /** {@code canonical(value).equals(candidate)} for an ASCII {@code value}, without building the former. */
  private static boolean sameCanonical(String value, String candidate) {
    int j = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '-') {
        continue;
      }
      if (j == candidate.length()) {
        return false;
      }
      char lower = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
      if (lower != candidate.charAt(j++)) {
        return false;
      }
    }
    return j == candidate.length();
  }

  /** Placeholders match in any case and with or without dashes: {@code 0000-0000} is {@code 00000000}. */
  static String canonical(String value) {
    return value.replace("-", "").toLowerCase(Locale.ROOT);
  }

  /**
   * Validates {@code value} and returns its normal form.
   *
   * @param sentAs the {@code ids} key the client used (native name or alias), for the message
   * @throws InvalidDeviceException {@code invalid_format} or {@code placeholder_id} on field {@code ids.<name>}
   */
  String normalize(String sentAs, String value) {
    if (value.length() > MAX_LENGTH) {
      throw new InvalidDeviceException("invalid_format", field(), shownName(sentAs) + " must be at most "
          + MAX_LENGTH + " characters, got " + value.length());
    }
    // Placeholders first: Roku's 000000000000 does not even have the right format, and "placeholder" is the
    // more useful answer for a client that sends it.
    if (inCanonical(placeholders, value)) {
      throw new InvalidDeviceException("placeholder_id", field(), shownName(sentAs)
          + " is a placeholder value that identifies no device, got " + Quoted.of(value));
    }
    for (Format format : formats) {
      if (format.matches(value)) {
        String normal = value;
        for (Normalization step : format.normalize()) {
          normal = step.apply(normal);
        }
        return normal;
      }
    }
    throw new InvalidDeviceException("invalid_format", field(), shownName(sentAs) + " must be " + description
        + ", got " + Quoted.of(value));
  }

  /** The field an error names: built only for an error (two concatenations per id per install otherwise). */
  private String field() {
    return "ids." + name;
  }

  private String shownName(String sentAs) {
    return sentAs.equals(name) ? field() : field() + " (sent as ids." + sentAs + ")";
  }
}
