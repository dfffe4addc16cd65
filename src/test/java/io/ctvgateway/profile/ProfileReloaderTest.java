package io.ctvgateway.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
}
