package io.ctvgateway.profile;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** One step that brings an accepted identifier format to the identifier's single normal form. */
enum Normalization {
  LOWER("lower"),
  UPPER("upper"),
  STRIP_DASHES("strip-dashes");

  private final String jsonName;

  Normalization(String jsonName) {
    this.jsonName = jsonName;
  }

  String jsonName() {
    return jsonName;
  }

  static Optional<Normalization> fromJson(String name) {
    return Arrays.stream(values()).filter(n -> n.jsonName.equals(name)).findFirst();
  }

  String apply(String value) {
    return switch (this) {
      case LOWER -> value.toLowerCase(Locale.ROOT);
      case UPPER -> value.toUpperCase(Locale.ROOT);
      case STRIP_DASHES -> value.replace("-", "");
    };
  }
}
