package io.ctvgateway.profile;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Reads a profiles directory: its {@code *.json} files in name order, and the code-backed profiles. Blocking. */
final class ProfileDirectory {
  private ProfileDirectory() {}

  /** The {@code *.json} files of {@code dir}, sorted by name. */
  static List<Path> files(Path dir) throws ProfileException {
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
    return files;
  }

  /** One file read and checked against the schema; its examples are not run yet. */
  static LoadedProfile read(Path file) throws ProfileException {
    String source = file.getFileName().toString();
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ProfileException(source + ": cannot read: " + e, e);
    }
    return read(source, text);
  }

  /** One profile's text read and checked against the schema; {@code source} names it in errors. */
  static LoadedProfile read(String source, String text) throws ProfileException {
    if (text.isBlank()) {
      throw new ProfileException(source + ": the file is empty; a profile is one JSON object (see"
          + " device-profiles/README.md)");
    }
    Object value;
    try {
      value = io.vertx.core.json.Json.decodeValue(text);
    } catch (DecodeException e) {
      throw new ProfileException(source + ": " + syntaxError(e), e);
    }
    if (!(value instanceof JsonObject json)) {
      throw new ProfileException(source + ": not a JSON object: a profile is one JSON object {...}");
    }
    return ProfileParser.parse(ProfileNode.root(source, json));
  }

  /**
   * One line for a JSON syntax error: where (line and column) and what, in the parser's own words without its
   * second line (Jackson adds {@code  at [Source: REDACTED ...]}, which names nothing useful).
   */
  static String syntaxError(DecodeException e) {
    if (e.getCause() instanceof JsonProcessingException parse) {
      JsonLocation at = parse.getLocation();
      String what = parse.getOriginalMessage().split("\n", 2)[0].trim();
      return at == null ? "invalid JSON: " + what
          : "invalid JSON at line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + what;
    }
    return "invalid JSON: " + e.getMessage().split("\n", 2)[0].trim();
  }

  /** The profiles of every {@link DeviceProfileProvider} on the class path, each named by its provider class. */
  static List<CodeProfile> codeBacked() throws ProfileException {
    List<CodeProfile> profiles = new ArrayList<>();
    try {
      for (DeviceProfileProvider provider : ServiceLoader.load(DeviceProfileProvider.class,
          ProfileDirectory.class.getClassLoader())) {
        for (DeviceProfile profile : provider.profiles()) {
          profiles.add(new CodeProfile(provider.getClass().getName(), profile));
        }
      }
    } catch (ServiceConfigurationError | RuntimeException e) {
      throw new ProfileException("code-backed device profiles: cannot load a DeviceProfileProvider: " + e, e);
    }
    return profiles;
  }

  /** A code-backed profile and the provider class it came from. */
  record CodeProfile(String provider, DeviceProfile profile) {}
}
