package io.ctvgateway.profile;

import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * A profile's opt-out rules beyond {@code lat} and per-identifier {@code optOutValues}: today the App Tracking
 * Transparency rule of Apple platforms.
 *
 * @param attRequiredFromOsMajor from this OS major on, advertising ids are forwarded only when the request says
 *     ATT is authorized ({@code att: true}); null when the platform has no such rule
 */
record OptOutRules(Integer attRequiredFromOsMajor) {
  static final OptOutRules NONE = new OptOutRules(null);

  /**
   * Whether ATT forbids advertising ids for this request: the rule exists, {@code att} is not true, and the OS
   * major is at least {@link #attRequiredFromOsMajor()}, or unknown (no or no numeric os_version: Kochava
   * assumes no consent when the flag is missing, and so does the gateway when it cannot tell the OS is older).
   * {@code osMajor} is asked only then: finding it parses the os_version once more, which most platforms (no ATT
   * rule) and most requests never need.
   */
  boolean attDenies(Boolean att, Supplier<OptionalInt> osMajor) {
    if (attRequiredFromOsMajor == null || Boolean.TRUE.equals(att)) {
      return false;
    }
    OptionalInt major = osMajor.get();
    return major.isEmpty() || major.getAsInt() >= attRequiredFromOsMajor;
  }
}
