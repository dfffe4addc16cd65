package io.ctvgateway.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProfileRegistryTest {
  @TempDir Path dir;

  /** A small valid profile; each broken-file case changes one thing in it. */
  private static JsonObject valid() {
    return new JsonObject("""
        {
          "id": "acme",
          "osName": "AcmeOS",
          "defaultModel": "AcmeTV",
          "identifiers": [
            { "name": "acme_id", "aliases": ["acmeId"], "kochavaKey": "custom", "description": "16 hex",
              "formats": [ { "pattern": "^[0-9a-fA-F]{16}$", "normalize": ["lower"] } ] }
          ],
          "installKeyOrder": ["acme_id"],
          "osVersion": {
            "deviceVersion": "{major}.{minor}",
            "formats": [
              { "name": "dotted", "description": "major.minor", "pattern": "^(?<major>[0-9]+)\\\\.(?<minor>[0-9]+)$",
                "userAgents": ["Acme/{major}.{minor} {engine[major]}"] }
            ]
          },
          "tables": { "engine": { "1": "Chrome/1" } },
          "examples": [
            { "name": "dotted", "request": { "ids": { "acmeId": "00FF00FF00FF00FF" }, "os_version": "1.2" },
              "expect": { "install_key": "acme_id/00ff00ff00ff00ff", "device_ua": "Acme/1.2 Chrome/1" } }
          ]
        }
        """);
  }

  private static JsonObject identifier(JsonObject p) {
    return p.getJsonArray("identifiers").getJsonObject(0);
  }

  private static JsonObject example(JsonObject p) {
    return p.getJsonArray("examples").getJsonObject(0);
  }

  private static JsonObject format(JsonObject p) {
    return p.getJsonObject("osVersion").getJsonArray("formats").getJsonObject(0);
  }

  static Stream<Arguments> brokenProfiles() {
    return Stream.of(
        broken(p -> identifier(p).getJsonArray("formats").getJsonObject(0).put("pattern", "^([0-9]$"),
            "acme.json: identifiers[0].formats[0].pattern: not a valid regex: Unclosed group"),
        broken(p -> p.put("headerUaPattern", "Acme/[0-9"), "acme.json: headerUaPattern: not a valid regex"),
        broken(p -> format(p).put("pattern", "(?<major"), "acme.json: osVersion.formats[0].pattern: not a valid regex"),
        broken(p -> p.put("identifer", new JsonArray()), "acme.json: identifer: unknown key; allowed keys are ["),
        broken(p -> identifier(p).put("kochava_key", "x"), "acme.json: identifiers[0].kochava_key: unknown key"),
        broken(p -> format(p).put("userAgent", "x"), "acme.json: osVersion.formats[0].userAgent: unknown key"),
        broken(p -> p.remove("id"), "acme.json: id: required string is missing"),
        broken(p -> p.put("id", "Acme TV"), "acme.json: id: must be lower-case letters"),
        broken(p -> p.put("osName", "Acme-OS"), "acme.json: osName: must be letters, digits"),
        broken(p -> identifier(p).put("advertising", "yes"),
            "acme.json: identifiers[0].advertising: must be true or false, got \"yes\""),
        broken(p -> identifier(p).getJsonArray("formats").getJsonObject(0).put("normalize", new JsonArray().add("lowercase")),
            "acme.json: identifiers[0].formats[0].normalize[0]: unknown normalization 'lowercase'"),
        broken(p -> identifier(p).put("formats", new JsonArray()), "acme.json: identifiers[0].formats: must not be empty"),
        broken(p -> identifier(p).put("aliases", new JsonArray().add("acme_id")),
            "acme.json: identifiers[0].aliases[0]: identifier name 'acme_id' is already used"),
        broken(p -> p.put("installKeyOrder", new JsonArray().add("acmeId")),
            "acme.json: installKeyOrder[0]: 'acmeId' is not the name of a declared identifier"),
        broken(p -> format(p).put("userAgents", new JsonArray().add("Acme {nope[major]}")),
            "acme.json: osVersion.formats[0].userAgents[0]: unknown table 'nope'"),
        broken(p -> format(p).put("userAgents", new JsonArray().add("Acme/{patch}")),
            "acme.json: osVersion.formats[0].userAgents[0]: reads variable 'patch'"),
        broken(p -> format(p).put("userAgents", new JsonArray().add("Acme/{major")),
            "acme.json: osVersion.formats[0].userAgents[0]: stray brace"),
        broken(p -> p.getJsonObject("osVersion").put("deviceVersion", "{major}.{minor}.{patch}"),
            "acme.json: osVersion.deviceVersion: reads [patch], which format 'dotted' neither captures nor defaults"),
        broken(p -> format(p).put("defaults", new JsonObject().put("patch", 0)),
            "acme.json: osVersion.formats[0].defaults.patch: must be a string, got 0"),
        broken(p -> p.getJsonObject("tables").put("engine", new JsonArray()),
            "acme.json: tables.engine: must be an object, got []"),
        broken(p -> identifier(p).put("optOutValues", new JsonArray().add("0000000000000000")),
            "acme.json: identifiers[0].optOutValues: only an advertising identifier"),
        broken(p -> identifier(p).put("advertising", true).put("placeholders", new JsonArray().add("0000000000000000"))
                .put("optOutValues", new JsonArray().add("0000000000000000")),
            "acme.json: identifiers[0].optOutValues[0]: '0000000000000000' is also a placeholder"),
        broken(p -> p.put("optOut", new JsonObject().put("attRequiredFromOsMajor", "14")),
            "acme.json: optOut.attRequiredFromOsMajor: must be an integer from 1 to 1000, got \"14\""),
        broken(p -> p.put("optOut", new JsonObject().put("attRequired", 14)), "acme.json: optOut.attRequired: unknown key"),
        broken(p -> format(p).put("pattern", "^(?<model>[0-9]+)\\.(?<minor>[0-9]+)$"),
            "acme.json: osVersion.formats[0].pattern: the group names 'raw' and 'model' are reserved"),
        broken(p -> p.remove("examples"), "acme.json: examples: required non-empty array is missing"),
        broken(p -> example(p).put("expected", new JsonObject()), "acme.json: examples[0].expected: unknown key"),
        broken(p -> example(p).getJsonObject("request").put("os", "1.2"), "acme.json: examples[0].request.os: unknown key"),
        broken(p -> example(p).put("expect", new JsonObject()), "acme.json: examples[0].expect: expects nothing"),
        broken(p -> example(p).put("expect", new JsonObject().put("install_key", "acme_id")),
            "acme.json: examples[0].expect.install_key: must be written type/value"),
        broken(p -> example(p).put("expect", new JsonObject().put("error", "placeholder_id").put("device_ua", "x")),
            "acme.json: examples[0].expect.device_ua: unknown key"),
        broken(p -> example(p).getJsonObject("expect").put("device_ua", "Acme/1.2 Chrome/2"),
            "acme.json: examples[0] \"dotted\": device_ua: expected \"Acme/1.2 Chrome/2\", got \"Acme/1.2 Chrome/1\""),
        broken(p -> example(p).put("expect", new JsonObject().put("error", "invalid_format")),
            "acme.json: examples[0] \"dotted\": expected error invalid_format, got a device with install key"),
        broken(p -> example(p).getJsonObject("request").getJsonObject("ids").put("acmeId", "xyz"),
            "acme.json: examples[0] \"dotted\": expected a device, got error invalid_format on ids.acme_id"));
  }

  private static Arguments broken(Consumer<JsonObject> change, String message) {
    JsonObject profile = valid();
    change.accept(profile);
    return Arguments.of(profile.encodePrettily(), message);
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("brokenProfiles")
  void brokenProfileIsRejectedNamingFileAndField(String content, String message) throws IOException {
    Files.writeString(dir.resolve("acme.json"), content);

    ProfileException e = assertThrows(ProfileException.class, () -> ProfileRegistry.load(dir));

    assertTrue(e.getMessage().startsWith(message), () -> "message was: " + e.getMessage());
  }

  @Test
  void validBaseProfileLoads() throws Exception {
    Files.writeString(dir.resolve("acme.json"), valid().encode());

    DeviceProfile acme = ProfileRegistry.load(dir).find("acme").orElseThrow();
    ResolvedDevice device = acme.resolve(new DeviceRequest(Map.of("acmeId", "00FF00FF00FF00FF"),
        false, "1.2", null, null, null, null));

    assertEquals("Acme/1.2 Chrome/1", device.deviceUa());
    assertEquals("AcmeTV-AcmeOS-1.2", device.deviceVer());
    assertEquals(new InstallKey("acme_id", "00ff00ff00ff00ff"), device.installKey());
  }

  @Test
  void everyFailingExampleOfAFileIsListed() throws IOException {
    JsonObject profile = valid();
    JsonObject second = example(profile).copy().put("name", "second");
    second.getJsonObject("expect").put("install_key", "acme_id/0");
    profile.getJsonArray("examples").add(second);
    example(profile).getJsonObject("expect").put("device_ua", "Acme/9");
    Files.writeString(dir.resolve("acme.json"), profile.encode());

    ProfileException e = assertThrows(ProfileException.class, () -> ProfileRegistry.load(dir));

    assertEquals("acme.json: examples[0] \"dotted\": device_ua: expected \"Acme/9\", got \"Acme/1.2 Chrome/1\"; "
        + "acme.json: examples[1] \"second\": install_key: expected \"acme_id/0\", got \"acme_id/00ff00ff00ff00ff\"",
        e.getMessage());
  }

  @Test
  void fileThatIsNotJsonIsRejectedNamingTheFile() throws IOException {
    Files.writeString(dir.resolve("acme.json"), "{ \"id\": ");

    ProfileException e = assertThrows(ProfileException.class, () -> ProfileRegistry.load(dir));

    assertEquals("acme.json: invalid JSON at line 1, column 9: Unexpected end-of-input within/between Object entries",
        e.getMessage());

    Files.writeString(dir.resolve("acme.json"), "[1, 2]");
    ProfileException array = assertThrows(ProfileException.class, () -> ProfileRegistry.load(dir));
    assertTrue(array.getMessage().startsWith("acme.json: not a JSON object"), array.getMessage());
  }

  @Test
  void sameProfileIdInTwoFilesIsRejected() throws IOException {
    Files.writeString(dir.resolve("acme.json"), valid().encode());
    Files.writeString(dir.resolve("acme-copy.json"), valid().encode());

    ProfileException e = assertThrows(ProfileException.class, () -> ProfileRegistry.load(dir));

    assertEquals("acme.json: id: duplicate profile id 'acme', already declared by acme-copy.json", e.getMessage());
  }

  @Test
  void directoryWithoutProfilesIsRejected() throws IOException {
    Files.writeString(dir.resolve("README.md"), "# not a profile");

    ProfileException e = assertThrows(ProfileException.class, () -> ProfileRegistry.load(dir));

    assertTrue(e.getMessage().endsWith("no device profiles (*.json) found"), e.getMessage());
  }

  @Test
  void shippedProfilesLoad() throws ProfileException {
    // Every file of the directory, plus the code-backed test profile: derived, so a new profile needs no Java.
    Set<String> expected = new java.util.TreeSet<>(RealProfiles.fileIds());
    expected.add(LuhnSerialProfileProvider.ID);
    assertTrue(expected.size() >= 9, expected.toString());
    assertEquals(expected, ProfileRegistry.load(RealProfiles.DIR).ids());
  }

  @Test
  void unknownPlatformIsNotFound() {
    assertTrue(RealProfiles.registry().find("tizen").isEmpty());
  }

  @Test
  void registryOfGivenProfilesRejectsDuplicateIds() {
    DeviceProfile roku = RealProfiles.get("roku");

    assertEquals(Set.of("roku", "lg-webos"), ProfileRegistry.of(List.of(roku, RealProfiles.get("lg-webos"))).ids());
    assertThrows(IllegalArgumentException.class, () -> ProfileRegistry.of(List.of(roku, roku)));
  }
}
