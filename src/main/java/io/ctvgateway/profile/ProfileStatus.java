package io.ctvgateway.profile;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the profiles an instance serves came from: the directory as it is, or, when the directory did not
 * validate at start, what of it still validates plus the last valid copies of the files that do not.
 *
 * @param serving the platform ids served
 * @param degraded true when the set served is not the directory as it is (a start from the last valid set)
 * @param refused files of the directory that do not load now, with why (empty when the directory validates)
 * @param fromLastValid files served from the last valid copy instead of the directory
 * @param refusedReloads hot reloads refused since start
 * @param examples how many examples each served file profile ran and passed when loaded, by id
 */
public record ProfileStatus(Set<String> serving, boolean degraded, List<Refused> refused, List<String> fromLastValid,
    long refusedReloads, java.util.Map<String, Integer> examples) {

  /** A file that does not load, and the loader's reason. */
  public record Refused(String file, String reason) {
    public Refused {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(reason, "reason");
    }
  }

  public ProfileStatus {
    serving = Set.copyOf(serving);
    refused = List.copyOf(refused);
    fromLastValid = List.copyOf(fromLastValid);
    examples = java.util.Map.copyOf(examples);
  }
}
