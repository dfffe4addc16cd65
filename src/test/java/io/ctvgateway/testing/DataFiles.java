package io.ctvgateway.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/** Greps a data directory: whether any file under it holds a text (an identifier, say), in any letter case. */
public final class DataFiles {
  private DataFiles() {}

  public static boolean anyContains(Path dir, String... needles) throws java.io.IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String text;
        try {
          text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        } catch (java.nio.file.NoSuchFileException gone) {
          continue; // deleted while we walked: a segment the checkpoint removed
        }
        for (String needle : needles) {
          if (text.contains(needle.toLowerCase(Locale.ROOT))) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
