package io.ctvgateway.profile;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reload swaps a whole new set in when the files change and load; a broken change keeps the old set. */
class ProfileReloaderTest {
  @TempDir Path dir;
  private String roku;

  @BeforeEach
  void copyRoku() throws IOException {
    roku = Files.readString(RealProfiles.DIR.resolve("roku.json"));
    Files.writeString(dir.resolve("roku.json"), roku);
  }

  @Test
  void unchangedFilesKeepTheSameSet() throws ProfileException {
    try (ProfileReloader reloader = ProfileReloader.load(dir, Duration.ZERO)) {
      ProfileRegistry first = reloader.get();

      assertEquals(ProfileReloader.Outcome.UNCHANGED, reloader.reload());
      assertSame(first, reloader.get());
    }
  }

  @Test
  void newProfileFileIsSwappedIn() throws Exception {
    try (ProfileReloader reloader = ProfileReloader.load(dir, Duration.ZERO)) {
      Files.writeString(dir.resolve("lg-webos.json"), Files.readString(RealProfiles.DIR.resolve("lg-webos.json")));

      assertEquals(ProfileReloader.Outcome.RELOADED, reloader.reload());
      assertTrue(reloader.get().find("lg-webos").isPresent());
      assertNull(reloader.lastRefusal());
    }
  }

  @Test
  void brokenChangeKeepsTheOldSetAndSaysWhy() throws Exception {
    try (ProfileReloader reloader = ProfileReloader.load(dir, Duration.ZERO)) {
      ProfileRegistry before = reloader.get();
      Files.writeString(dir.resolve("roku.json"), roku.replace("\"osName\": \"RokuOS\"", "\"osName\": \"Roku OS\""));

      assertEquals(ProfileReloader.Outcome.REFUSED, reloader.reload());
      assertSame(before, reloader.get());
      assertTrue(reloader.lastRefusal().startsWith("roku.json: osName: must be letters, digits"), reloader.lastRefusal());
      assertEquals(ProfileReloader.Outcome.UNCHANGED, reloader.reload()); // refused once, not every poll

      Files.writeString(dir.resolve("roku.json"), roku);
      assertEquals(ProfileReloader.Outcome.RELOADED, reloader.reload());
    }
  }

  @Test
  void removedDirectoryKeepsTheOldSet() throws Exception {
    try (ProfileReloader reloader = ProfileReloader.load(dir, Duration.ZERO)) {
      Files.delete(dir.resolve("roku.json"));

      assertEquals(ProfileReloader.Outcome.REFUSED, reloader.reload());
      assertTrue(reloader.get().find("roku").isPresent());
    }
  }

  private static final String BROKEN_ROKU = "\"osName\": \"Roku OS\"";

  private void writeLg() throws IOException {
    Files.writeString(dir.resolve("lg-webos.json"), Files.readString(RealProfiles.DIR.resolve("lg-webos.json")));
  }

  @Test
  void aBrokenFileAtStartIsServedFromTheLastValidCopyAndTheRestFromTheDirectory(@TempDir Path data) throws Exception {
    writeLg();
    Path lastValid = data.resolve("profiles-last-valid.json");
    try (ProfileReloader first = ProfileReloader.load(dir, Duration.ZERO, lastValid)) {
      assertFalse(first.status().degraded());
    }
    assertTrue(Files.exists(lastValid), "a set that validates is kept");
    Files.writeString(dir.resolve("roku.json"), roku.replace("\"osName\": \"RokuOS\"", BROKEN_ROKU));

    try (ProfileReloader restarted = ProfileReloader.load(dir, Duration.ZERO, lastValid)) {
      ProfileStatus status = restarted.status();
      assertTrue(status.degraded());
      assertTrue(restarted.get().find("roku").isPresent(), "roku from its last valid copy");
      assertTrue(restarted.get().find("lg-webos").isPresent(), "lg-webos from the directory");
      assertEquals(List.of("roku.json"), status.fromLastValid());
      assertEquals("roku.json", status.refused().get(0).file());
      assertTrue(status.refused().get(0).reason().startsWith("roku.json: osName: must be letters, digits"),
          status.refused().get(0).reason());
    }
    // Strict without a last valid copy (what profiles check does): the broken directory fails.
    assertThrows(ProfileException.class, () -> ProfileReloader.load(dir, Duration.ZERO));
  }

  @Test
  void withoutALastValidCopyTheOtherPlatformsStillServe(@TempDir Path data) throws Exception {
    writeLg();
    Files.writeString(dir.resolve("roku.json"), roku.replace("\"osName\": \"RokuOS\"", BROKEN_ROKU));
    try (ProfileReloader reloader = ProfileReloader.load(dir, Duration.ZERO, data.resolve("none.json"))) {
      assertTrue(reloader.status().degraded());
      assertTrue(reloader.get().find("roku").isEmpty());
      assertTrue(reloader.get().find("lg-webos").isPresent());
      assertEquals(List.of(), reloader.status().fromLastValid());
    }
    Files.delete(dir.resolve("lg-webos.json"));
    ProfileException none = assertThrows(ProfileException.class,
        () -> ProfileReloader.load(dir, Duration.ZERO, data.resolve("none.json")));
    assertTrue(none.getMessage().contains("no profile loads"), none.getMessage());
  }

  @Test
  void aRefusedReloadListsTheFileAndWhyUntilItIsFixed(@TempDir Path data) throws Exception {
    try (ProfileReloader reloader = ProfileReloader.load(dir, Duration.ZERO, data.resolve("last.json"))) {
      Files.writeString(dir.resolve("roku.json"), roku.replace("\"osName\": \"RokuOS\"", BROKEN_ROKU));
      assertEquals(ProfileReloader.Outcome.REFUSED, reloader.reload());
      ProfileStatus status = reloader.status();
      assertEquals(1, status.refusedReloads());
      assertEquals("roku.json", status.refused().get(0).file());
      assertFalse(status.degraded(), "still serving the directory's last valid state, loaded at start");

      Files.writeString(dir.resolve("roku.json"), roku);
      assertEquals(ProfileReloader.Outcome.RELOADED, reloader.reload());
      assertEquals(List.of(), reloader.status().refused());
      assertEquals(1, reloader.status().refusedReloads(), "a count, for the metric");
    }
  }
}
