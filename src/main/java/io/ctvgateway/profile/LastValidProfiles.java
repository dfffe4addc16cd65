package io.ctvgateway.profile;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A copy of the last profiles directory that validated, kept in the data directory
 * ({@code profiles-last-valid.json}: file names and contents): a pod rescheduled while a broken profile sits in
 * its config map starts from it rather than exiting. Written atomically (temp file, fsync, rename), so a crash
 * leaves the previous copy or the new one. Blocking.
 */
final class LastValidProfiles {
  private final Path file;

  LastValidProfiles(Path file) {
    this.file = file;
  }

  /** Saves the directory's {@code *.json} files as the last valid set. */
  void save(Path dir) throws IOException, ProfileException {
    JsonObject files = new JsonObject();
    for (Path profile : ProfileDirectory.files(dir)) {
      files.put(profile.getFileName().toString(), Files.readString(profile));
    }
    JsonObject doc = new JsonObject().put("saved_from", dir.toAbsolutePath().toString()).put("files", files);
    if (Files.exists(file) && read().equals(contents(files))) {
      return; // unchanged: no write on every start
    }
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.createDirectories(file.getParent());
    Files.writeString(temp, doc.encodePrettily(), StandardCharsets.UTF_8);
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The saved files by name (empty when none was saved or the copy is unreadable). */
  Map<String, String> read() {
    if (!Files.exists(file)) {
      return Map.of();
    }
    try {
      JsonObject files = new JsonObject(Files.readString(file)).getJsonObject("files");
      return files == null ? Map.of() : contents(files);
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
  }

  private static Map<String, String> contents(JsonObject files) {
    Map<String, String> out = new TreeMap<>();
    files.forEach(entry -> out.put(entry.getKey(), String.valueOf(entry.getValue())));
    return new LinkedHashMap<>(out);
  }

  Path file() {
    return file;
  }
}
