package io.ctvgateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package map, read from the sources: which package may import which (one direction along an install's
 * path, no cycles), and no {@code synchronized} in the packages a request handler runs through. A new arrow is
 * a design decision: add it here on purpose, or find the design that does without it.
 */
class ArchitectureTest {
  private static final Path MAIN = Path.of("src/main/java/io/ctvgateway");
  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.ctvgateway\\.([a-z]+)\\.", Pattern.MULTILINE);

  /** Every arrow allowed; "" is the root package (the composition root and Main). */
  private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
      Map.entry("", Set.of("admin", "config", "dedupe", "delivery", "http", "ingest", "install", "journal", "logging",
          "metrics", "profile", "queue")),
      Map.entry("queue", Set.of("config", "install", "journal")),
      Map.entry("admin", Set.of("config", "dedupe", "delivery", "http", "ingest", "install", "journal", "metrics",
          "profile")),
      Map.entry("ingest", Set.of("config", "http", "install", "json", "metrics", "profile")),
      Map.entry("delivery", Set.of("config", "install", "journal", "kochava", "metrics")),
      Map.entry("install", Set.of("config", "dedupe", "journal", "json", "kochava", "profile")),
      Map.entry("kochava", Set.of("config", "http", "json", "profile")),
      Map.entry("dedupe", Set.of("config", "journal", "profile")),
      Map.entry("config", Set.of("journal")),
      Map.entry("profile", Set.of()),
      Map.entry("journal", Set.of()),
      Map.entry("http", Set.of()),
      Map.entry("json", Set.of()),
      Map.entry("logging", Set.of()),
      Map.entry("metrics", Set.of()));

  /** Packages whose code runs on a request's path: no monitors there (a lock-free read or a striped lock). */
  private static final Set<String> REQUEST_PATH = Set.of("ingest", "install", "http", "json", "kochava", "dedupe",
      "profile");

  private static Map<String, Set<String>> imports() throws IOException {
    Map<String, Set<String>> found = new TreeMap<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Path relative = MAIN.relativize(file.getParent());
        String pkg = relative.toString().isEmpty() ? "" : relative.getName(0).toString();
        Set<String> targets = found.computeIfAbsent(pkg, k -> new TreeSet<>());
        Matcher m = IMPORT.matcher(Files.readString(file));
        while (m.find()) {
          if (!m.group(1).equals(pkg)) {
            targets.add(m.group(1));
          }
        }
      }
    }
    return found;
  }

  @Test
  void everyPackageImportsOnlyWhatTheMapAllows() throws IOException {
    List<String> unexpected = new ArrayList<>();
    imports().forEach((pkg, targets) -> {
      Set<String> allowed = ALLOWED.get(pkg);
      assertTrue(allowed != null, "package '" + pkg + "' is not in the map");
      targets.stream().filter(t -> !allowed.contains(t)).forEach(t -> unexpected.add(pkg + " -> " + t));
    });
    assertEquals(List.of(), unexpected);
  }

  @Test
  void theAllowedMapHasNoCycle() {
    for (String start : ALLOWED.keySet()) {
      assertTrue(!reaches(start, start, new TreeSet<>()), "a cycle through '" + start + "'");
    }
  }

  private static boolean reaches(String from, String target, Set<String> seen) {
    for (String next : ALLOWED.getOrDefault(from, Set.of())) {
      if (next.equals(target) || (seen.add(next) && reaches(next, target, seen))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void noMonitorOnTheRequestPath() throws IOException {
    List<String> found = new ArrayList<>();
    for (String pkg : REQUEST_PATH) {
      try (Stream<Path> files = Files.list(MAIN.resolve(pkg))) {
        for (Path file : files.toList()) {
          String source = Files.readString(file);
          if (Pattern.compile("\\bsynchronized\\b").matcher(source.replaceAll("(?s)/\\*.*?\\*/|//[^\\n]*", "")).find()) {
            found.add(pkg + "/" + file.getFileName());
          }
        }
      }
    }
    // ProfileReloader.reload is synchronized, but runs on the reloader's own thread; requests read a volatile.
    found.remove("profile/ProfileReloader.java");
    assertEquals(List.of(), found);
  }
}
