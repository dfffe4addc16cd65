package io.ctvgateway.profile;

import java.util.Objects;

/**
 * The identifier an install is de-duplicated on, in its normal form.
 *
 * @param type the identifier's native name in the profile (e.g. {@code channel_client_id})
 * @param value the normalized value (one form for every way a client may write it)
 */
public record InstallKey(String type, String value) {
  public InstallKey {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
  }
}
