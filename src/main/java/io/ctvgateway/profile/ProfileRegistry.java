package io.ctvgateway.profile;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * for the schema) and fails on the first broken file, naming the file and the JSON path of the field:
 * the gateway must not start with a profile that silently does something else than its author meant.
 * {@link #of(Collection)} builds a registry from given profiles, for tests and code-backed profiles.
 */
public final class ProfileRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ProfileRegistry.class);

  private final Map<String, DeviceProfile> profiles;

  private ProfileRegistry(Map<String, DeviceProfile> profiles) {
    this.profiles = Collections.unmodifiableMap(new TreeMap<>(profiles));
  }

  /**
   * Loads and validates every {@code *.json} file in {@code dir}, in file-name order. Blocking: call it at
   * startup or from a worker, never on an event loop.
   *
   * @throws ProfileException when the directory cannot be listed or holds no profile, when a file is not
   *     readable JSON or breaks the schema, or when two files declare the same profile id
   */
  public static ProfileRegistry load(Path dir) throws ProfileException {
    Objects.requireNonNull(dir, "dir");
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.json")) {
      stream.forEach(files::add);
    } catch (IOException e) {
      throw new ProfileException(dir + ": cannot list device profiles: " + e, e);
    }
    files.sort(null);
    if (files.isEmpty()) {
      throw new ProfileException(dir + ": no device profiles (*.json) found");
    }
    Map<String, DeviceProfile> profiles = new HashMap<>();
    Map<String, String> sources = new HashMap<>();
    for (Path file : files) {
      String source = file.getFileName().toString();
      DeviceProfile profile = ProfileParser.parse(ProfileNode.root(source, read(file, source)));
      String earlier = sources.putIfAbsent(profile.id(), source);
      if (earlier != null) {
        throw new ProfileException(source + ": id: duplicate profile id '" + profile.id()
            + "', already declared by " + earlier);
      }
      profiles.put(profile.id(), profile);
    }
    ProfileRegistry registry = new ProfileRegistry(profiles);
    LOG.info("Loaded {} device profiles {} from {}", profiles.size(), registry.ids(), dir);
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

  private static JsonObject read(Path file, String source) throws ProfileException {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ProfileException(source + ": cannot read: " + e, e);
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException e) {
      throw new ProfileException(source + ": not a JSON object: " + e.getMessage(), e);
    }
  }
}
