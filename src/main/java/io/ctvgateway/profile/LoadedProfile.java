package io.ctvgateway.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A profile file read and checked against the schema, with its examples (not yet run).
 *
 * @param source the file name, for messages
 * @param profile the profile
 * @param examples the file's self-tests
 */
record LoadedProfile(String source, DeclarativeProfile profile, List<ProfileExample> examples) {

  LoadedProfile {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(profile, "profile");
    examples = List.copyOf(examples);
  }

  /** Every difference of every failing example, each prefixed with the file name; empty when all pass. */
  List<String> failures() {
    List<String> failures = new ArrayList<>();
    for (ProfileExample example : examples) {
      example.differences(profile).forEach(difference -> failures.add(source + ": " + difference));
    }
    return failures;
  }
}
