package io.ctvgateway.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code profiles check DIR}: one line per profile, the precise failure, a non-zero exit on any. */
class ProfilesCheckTest {
  @TempDir Path dir;

  private record Run(int status, List<String> lines) {}

  private Run check(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = ProfilesCheck.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    return new Run(status, text.lines().toList());
  }

  private void copyShipped() throws IOException {
    try (Stream<Path> files = Files.list(RealProfiles.DIR)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        Files.copy(file, dir.resolve(file.getFileName()));
      }
    }
  }

  private void edit(String file, UnaryOperator<String> change) throws IOException {
    Path path = dir.resolve(file);
    String before = Files.readString(path);
    String after = change.apply(before);
    assertTrue(!after.equals(before), "the edit must change " + file);
    Files.writeString(path, after);
  }

  @Test
  void shippedProfilesPassOneLineEach() {
    Run run = check("check", RealProfiles.DIR.toString());

    assertEquals(0, run.status(), String.join("\n", run.lines()));
    List<LoadedProfile> files = RealProfiles.files();
    for (LoadedProfile file : files) {
      String line = "ok   " + file.source() + " (" + file.profile().id() + "): " + file.examples().size() + " examples pass";
      assertTrue(run.lines().contains(line), "wanted " + line + " in " + run.lines());
    }
    assertEquals(files.size(), run.lines().stream().filter(l -> l.startsWith("ok   ") && l.contains(".json (")).count());
    int all = files.size() + 1; // and the code-backed test profile
    assertEquals("profiles check device-profiles: " + all + " of " + all + " profiles pass",
        run.lines().get(run.lines().size() - 1));
  }

  static Stream<Arguments> breakages() {
    return Stream.of(
        Arguments.of("broken pattern", "samsung-tizen.json",
            (UnaryOperator<String>) s -> s.replace("\"pattern\": \"^(?<major>[1-9][0-9]?)", "\"pattern\": \"^(?<major>[1-9][0-9]?"),
            "FAIL samsung-tizen.json: osVersion.formats[0].pattern: not a valid regex: Unclosed group"),
        Arguments.of("failing example", "android-tv.json",
            (UnaryOperator<String>) s -> s.replace("\"device_ver\": \"BRAVIA 4K UR1-Android-9.0.0\"",
                "\"device_ver\": \"BRAVIA 4K UR1-Android-9\""),
            "FAIL android-tv.json: examples[0] \"a Sony Bravia on Android 9 with its build: ANDROID_ID is the key, GAID"
                + " forwarded as adid\": device_ver: expected \"BRAVIA 4K UR1-Android-9\", got \"BRAVIA 4K UR1-Android-9.0.0\""),
        Arguments.of("unknown key", "apple-tvos.json",
            (UnaryOperator<String>) s -> s.replace("\"optOut\":", "\"optOutRules\":"),
            "FAIL apple-tvos.json: optOutRules: unknown key; allowed keys are [$schema, defaultModel, examples, headerUaPattern, id,"
                + " identifiers, installKeyOrder, optOut, osName, osVersion, tables]"),
        Arguments.of("optional version group without a default", "lg-webos.json",
            (UnaryOperator<String>) s -> s.replace("\"defaults\": { \"minor\": \"0\", \"patch\": \"0\" },",
                "\"defaults\": { \"patch\": \"0\" },"),
            "FAIL lg-webos.json: osVersion.formats[0].defaults: deviceVersion reads 'minor', an optional group of"
                + " format 'release' that has no default: a version without it would get no device_ver"),
        Arguments.of("two formats, two normal forms", "roku.json",
            (UnaryOperator<String>) s -> s.replace("\"normalize\": [\"lower\", \"strip-dashes\"]", "\"normalize\": [\"lower\"]"),
            "FAIL roku.json: identifiers[0].formats[1]: normalizes \"a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90\" to"
                + " \"a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90\", but formats[0] normalizes \"a1b2c3d4e5f60718293a4b5c6d7e8f90\","
                + " the same id written another way, to \"a1b2c3d4e5f60718293a4b5c6d7e8f90\": one device would get two"
                + " install keys"),
        Arguments.of("a typo in deviceVersion", "lg-webos.json",
            (UnaryOperator<String>) s -> s.replace("\"deviceVersion\": \"{major}.{minor}.{patch}\"",
                "\"deviceVersion\": \"{major}.{minr}.{patch}\""),
            "FAIL lg-webos.json: osVersion.deviceVersion: reads [minr], which format 'release' neither captures nor"
                + " defaults; known in that format: [major, minor, patch, raw] (a typo?)"),
        Arguments.of("a typo in a user agent template", "lg-webos.json",
            (UnaryOperator<String>) s -> s.replaceFirst(java.util.regex.Pattern.quote("{chromium[major]}"),
                "{chromium[majr]}"),
            "FAIL lg-webos.json: osVersion.formats[0].userAgents[1]: reads variable 'majr', which is neither a group"
                + " of the pattern nor an earlier default; known: [major, minor, patch, raw, model]"),
        Arguments.of("duplicate id", "vizio-smartcast.json",
            (UnaryOperator<String>) s -> s.replace("\"id\": \"vizio-smartcast\"", "\"id\": \"generic\""),
            "FAIL vizio-smartcast.json: id: duplicate profile id 'generic', already declared by generic.json"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("breakages")
  void brokenCopyFailsWithAPreciseMessage(String what, String file, UnaryOperator<String> change, String line)
      throws IOException {
    copyShipped();
    edit(file, change);

    Run run = check("check", dir.toString());

    assertEquals(1, run.status());
    assertTrue(run.lines().stream().anyMatch(l -> l.startsWith(line)), () -> "wanted " + line + " in\n"
        + String.join("\n", run.lines()));
    assertEquals(1, run.lines().stream().filter(l -> l.startsWith("FAIL")).count(), run.lines().toString());
    if (!file.equals("roku.json")) {
      assertTrue(run.lines().stream().anyMatch(l -> l.startsWith("ok   roku.json (roku): ")), run.lines().toString());
    }
  }

  @Test
  void aJsonSyntaxErrorIsOneLineWithItsPlaceAndAnEmptyFileSaysSo() throws IOException {
    copyShipped();
    Files.writeString(dir.resolve("roku.json"), Files.readString(dir.resolve("roku.json"))
        .replaceFirst("\"osName\": \"RokuOS\",", "\"osName\": \"RokuOS\""));
    Files.writeString(dir.resolve("new-tv.json"), "");

    Run run = check("check", dir.toString());

    assertEquals(1, run.status());
    List<String> failures = run.lines().stream().filter(l -> l.startsWith("FAIL")).toList();
    assertEquals(List.of("FAIL new-tv.json: the file is empty; a profile is one JSON object (see"
            + " device-profiles/README.md)",
        "FAIL roku.json: invalid JSON at line 6, column 3: Unexpected character ('\"' (code 34)): was expecting comma"
            + " to separate Object entries"), failures);
    assertTrue(run.lines().stream().noneMatch(l -> l.contains("Source:") || l.contains("REDACTED")), run.lines().toString());
  }

  @Test
  void usageErrorsExitTwo() {
    assertEquals(2, check().status());
    assertEquals(2, check("verify").status());
    assertEquals(2, check("check", dir.resolve("missing").toString()).status());
    assertEquals(2, check("check", dir.toString()).status()); // empty: no profiles
  }
}
