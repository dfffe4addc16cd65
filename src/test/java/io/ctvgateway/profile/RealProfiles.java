package io.ctvgateway.profile;

import java.nio.file.Path;
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

  private static ProfileRegistry load() {
    try {
      return ProfileRegistry.load(DIR);
    } catch (ProfileException e) {
      throw new IllegalStateException("shipped profiles must load: " + e.getMessage(), e);
    }
  }
}
