package io.ctvgateway.profile;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device profiles the gateway serves, by platform id ({@code roku}, {@code lg-webos}...). Immutable and
 * thread-safe once built.
 *
 * <p>{@link #load(Path)} reads every {@code *.json} file of a directory (see {@code device-profiles/README.md}
 * for the schema), runs each file's examples, and fails on the first broken file, naming the file and the JSON
 * path of the field: the gateway must not serve a profile that silently does something else than its author
 * meant. {@link ProfileReloader} swaps a whole new registry in when the directory changes.
 * {@link #of(Collection)} builds a registry from given profiles, for tests and code-backed profiles.
 */
public final class ProfileRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ProfileRegistry.class);

  private final Map<String, DeviceProfile> profiles;

  private ProfileRegistry(Map<String, DeviceProfile> profiles) {
    this.profiles = Collections.unmodifiableMap(new TreeMap<>(profiles));
  }

  /**
   * Loads and validates every {@code *.json} file in {@code dir}, in file-name order, runs every file's
   * {@code examples}, and adds the code-backed profiles of every {@link DeviceProfileProvider} on the class
   * path. Blocking: call it at startup or from a worker, never on an event loop.
   *
   * @throws ProfileException when the directory cannot be listed or holds no profile, when a file is not
   *     readable JSON or breaks the schema, when one of its examples fails (the message lists every
   *     difference), or when two profiles (files or code-backed) declare the same id
   */
  public static ProfileRegistry load(Path dir) throws ProfileException {
    Objects.requireNonNull(dir, "dir");
    Map<String, DeviceProfile> profiles = new HashMap<>();
    Map<String, String> sources = new HashMap<>();
    for (Path file : ProfileDirectory.files(dir)) {
      LoadedProfile loaded = ProfileDirectory.read(file);
      List<String> failures = loaded.failures();
      if (!failures.isEmpty()) {
        throw new ProfileException(String.join("; ", failures));
      }
      String earlier = sources.putIfAbsent(loaded.profile().id(), loaded.source());
      if (earlier != null) {
        throw new ProfileException(loaded.source() + ": id: duplicate profile id '" + loaded.profile().id()
            + "', already declared by " + earlier);
      }
      profiles.put(loaded.profile().id(), loaded.profile());
    }
    for (ProfileDirectory.CodeProfile code : ProfileDirectory.codeBacked()) {
      String earlier = sources.putIfAbsent(code.profile().id(), code.provider());
      if (earlier != null) {
        throw new ProfileException(code.provider() + ": duplicate profile id '" + code.profile().id()
            + "', already declared by " + earlier);
      }
      profiles.put(code.profile().id(), code.profile());
    }
    ProfileRegistry registry = new ProfileRegistry(profiles);
    LOG.debug("event=profiles_read dir={} count={} profiles={}", dir, profiles.size(), registry.ids());
    return registry;
  }

  /**
   * A registry of the given profiles.
   *
   * @throws IllegalArgumentException when two profiles have the same id
   */
  public static ProfileRegistry of(Collection<? extends DeviceProfile> profiles) {
    Map<String, DeviceProfile> byId = new HashMap<>();
    for (DeviceProfile profile : profiles) {
      Objects.requireNonNull(profile, "profile");
      if (byId.putIfAbsent(profile.id(), profile) != null) {
        throw new IllegalArgumentException("profile ids must be unique, got '" + profile.id() + "' twice");
      }
    }
    return new ProfileRegistry(byId);
  }

  /** The profile for a platform id, or empty when the gateway does not serve that platform. */
  public Optional<DeviceProfile> find(String id) {
    return Optional.ofNullable(profiles.get(id));
  }

  /** The platform ids served, sorted. */
  public Set<String> ids() {
    return Collections.unmodifiableSet(new TreeSet<>(profiles.keySet()));
  }
}
