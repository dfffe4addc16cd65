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
  private final Map<String, Integer> examples;

  private ProfileRegistry(Map<String, DeviceProfile> profiles) {
    this(profiles, Map.of());
  }

  private ProfileRegistry(Map<String, DeviceProfile> profiles, Map<String, Integer> examples) {
    this.profiles = Collections.unmodifiableMap(new TreeMap<>(profiles));
    this.examples = Map.copyOf(examples);
  }

  /** How many examples each file profile ran (and passed) when it was loaded, by id; code-backed ones have none. */
  public Map<String, Integer> exampleCounts() {
    return examples;
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
    Map<String, Integer> examples = new HashMap<>();
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
      examples.put(loaded.profile().id(), loaded.examples().size());
    }
    for (ProfileDirectory.CodeProfile code : ProfileDirectory.codeBacked()) {
      String earlier = sources.putIfAbsent(code.profile().id(), code.provider());
      if (earlier != null) {
        throw new ProfileException(code.provider() + ": duplicate profile id '" + code.profile().id()
            + "', already declared by " + earlier);
      }
      profiles.put(code.profile().id(), code.profile());
    }
    ProfileRegistry registry = new ProfileRegistry(profiles, examples);
    LOG.debug("event=profiles_read dir={} count={} profiles={}", dir, profiles.size(), registry.ids());
    return registry;
  }

  /** What {@link #loadLenient} served and refused. */
  record Lenient(ProfileRegistry registry, List<ProfileStatus.Refused> refused, List<String> fromLastValid) {}

  /**
   * The start of last resort, when {@link #load} fails: every file of {@code dir} that loads on its own (schema
   * and examples), and for each one that does not, its copy in {@code lastValid} (file name to text) when that
   * loads; a later file declaring an id already served is refused. With the code-backed profiles.
   *
   * @throws ProfileException when not a single profile loads that way
   */
  static Lenient loadLenient(Path dir, Map<String, String> lastValid) throws ProfileException {
    Lenient lenient = assemble(dir, lastValid);
    if (lenient.registry().ids().isEmpty()) {
      throw new ProfileException(dir + ": no profile loads, and no last valid copy does either: " + lenient.refused());
    }
    Map<String, DeviceProfile> all = new HashMap<>(lenient.registry().profiles);
    for (ProfileDirectory.CodeProfile code : ProfileDirectory.codeBacked()) {
      all.putIfAbsent(code.profile().id(), code.profile());
    }
    lenient = new Lenient(new ProfileRegistry(all, lenient.registry().examples), lenient.refused(),
        lenient.fromLastValid());
    return lenient;
  }

  /** The file profiles {@link #loadLenient} would serve (possibly none) and what it refuses. */
  private static Lenient assemble(Path dir, Map<String, String> lastValid) throws ProfileException {
    Map<String, DeviceProfile> profiles = new HashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    Map<String, String> sources = new HashMap<>();
    List<ProfileStatus.Refused> refused = new java.util.ArrayList<>();
    List<String> fromLastValid = new java.util.ArrayList<>();
    Map<String, LoadedProfile> chosen = new TreeMap<>();
    List<Path> files;
    try {
      files = ProfileDirectory.files(dir);
    } catch (ProfileException e) {
      refused.add(new ProfileStatus.Refused(dir.toString(), e.getMessage()));
      files = List.of();
    }
    for (Path file : files) {
      String name = file.getFileName().toString();
      Attempt attempt = attempt(() -> ProfileDirectory.read(file));
      if (attempt.failure() == null) {
        chosen.put(name, attempt.loaded());
        continue;
      }
      refused.add(new ProfileStatus.Refused(name, attempt.failure()));
      String copy = lastValid.get(name);
      Attempt fallback = copy == null ? null : attempt(() -> ProfileDirectory.read(name, copy));
      if (fallback != null && fallback.failure() == null) {
        chosen.put(name, fallback.loaded());
        fromLastValid.add(name);
      }
    }
    if (files.isEmpty()) { // the directory itself is gone or empty: the whole last valid set
      for (Map.Entry<String, String> copy : new TreeMap<>(lastValid).entrySet()) {
        Attempt fallback = attempt(() -> ProfileDirectory.read(copy.getKey(), copy.getValue()));
        if (fallback.failure() == null) {
          chosen.put(copy.getKey(), fallback.loaded());
          fromLastValid.add(copy.getKey());
        }
      }
    }
    for (Map.Entry<String, LoadedProfile> entry : chosen.entrySet()) {
      LoadedProfile loaded = entry.getValue();
      String earlier = sources.putIfAbsent(loaded.profile().id(), entry.getKey());
      if (earlier != null) {
        refused.add(new ProfileStatus.Refused(entry.getKey(), "id: duplicate profile id '" + loaded.profile().id()
            + "', already declared by " + earlier));
        fromLastValid.remove(entry.getKey());
        continue;
      }
      profiles.put(loaded.profile().id(), loaded.profile());
      counts.put(loaded.profile().id(), loaded.examples().size());
    }
    return new Lenient(new ProfileRegistry(profiles, counts), refused, fromLastValid);
  }

  /** The files of {@code dir} that do not load, each with why (empty when every file loads on its own). */
  static List<ProfileStatus.Refused> diagnose(Path dir) {
    try {
      return assemble(dir, Map.of()).refused();
    } catch (ProfileException e) {
      return List.of(new ProfileStatus.Refused(dir.toString(), e.getMessage()));
    }
  }

  private interface Read {
    LoadedProfile read() throws ProfileException;
  }

  /** A file read once: the profile, and why it does not load (schema or examples), or null when it does. */
  private record Attempt(LoadedProfile loaded, String failure) {}

  private static Attempt attempt(Read read) {
    try {
      LoadedProfile loaded = read.read();
      return new Attempt(loaded, loaded.failures().isEmpty() ? null : String.join("; ", loaded.failures()));
    } catch (ProfileException | RuntimeException e) {
      return new Attempt(null, e.getMessage());
    }
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
