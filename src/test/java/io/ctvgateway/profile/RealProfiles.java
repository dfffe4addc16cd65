package io.ctvgateway.profile;

import java.nio.file.Path;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/** The shipped {@code device-profiles/} directory (Maven runs tests from the project root), loaded once. */
final class RealProfiles {
  static final Path DIR = Path.of("device-profiles");
  static final String CCID = "A1b2C3d4E5f6A7b8C9d0E1f2A3b4C5d6";
  static final String RIDA = "FA73D67D-F55C-5AF3-883A-726253DC7D0E";
  static final String LGUDID = "095F142A-1B2C-AC5D-9E8F-92C8BE18A0B1";

  private static final ProfileRegistry REGISTRY = load();

  private RealProfiles() {}

  static DeviceProfile get(String id) {
    return REGISTRY.find(id).orElseThrow(() -> new AssertionError("no profile " + id));
  }

  static ProfileRegistry registry() {
    return REGISTRY;
  }

  /** Ids written compactly as {@code name=value;name=value}; empty or null for none. */
  static Map<String, String> ids(String compact) {
    Map<String, String> ids = new LinkedHashMap<>();
    if (compact == null || compact.isEmpty()) {
      return ids;
    }
    for (String pair : compact.split(";")) {
      int eq = pair.indexOf('=');
      ids.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return ids;
  }

  static ResolvedDevice resolve(String profile, String ids, boolean lat, String osVersion, String model) {
    return get(profile).resolve(new DeviceRequest(ids(ids), lat, osVersion, model, null, null, null));
  }

  static ResolvedDevice resolveUa(String profile, String ids, String osVersion, String deviceUa, String headerUa) {
    return get(profile).resolve(new DeviceRequest(ids(ids), false, osVersion, null, deviceUa, headerUa, null));
  }

  /** The shipped profile files as the directory holds them, read now: adding one needs no change here. */
  static List<LoadedProfile> files() {
    List<LoadedProfile> files = new java.util.ArrayList<>();
    try {
      for (Path file : ProfileDirectory.files(DIR)) {
        files.add(ProfileDirectory.read(file));
      }
    } catch (ProfileException e) {
      throw new IllegalStateException("shipped profiles must load: " + e.getMessage(), e);
    }
    return files;
  }

  /** The profile ids of the shipped files. */
  static java.util.Set<String> fileIds() {
    java.util.Set<String> ids = new java.util.TreeSet<>();
    files().forEach(file -> ids.add(file.profile().id()));
    return ids;
  }

  /**
   * Identifiers the profile accepts, in compact form: those of its first example that expects success (every
   * shipped profile has one; the authors' guide asks for it).
   */
  static String validIds(String profile) {
    for (LoadedProfile file : files()) {
      if (file.profile().id().equals(profile)) {
        return file.examples().stream().filter(example -> example.error() == null).findFirst()
            .map(example -> {
              StringBuilder compact = new StringBuilder();
              example.request().ids().forEach((name, value) ->
                  compact.append(compact.length() == 0 ? "" : ";").append(name).append('=').append(value));
              return compact.toString();
            })
            .orElseThrow(() -> new IllegalStateException(profile + " has no example that expects success"));
      }
    }
    throw new IllegalArgumentException("no shipped profile " + profile);
  }

  private static ProfileRegistry load() {
    try {
      return ProfileRegistry.load(DIR);
    } catch (ProfileException e) {
      throw new IllegalStateException("shipped profiles must load: " + e.getMessage(), e);
    }
  }
}
