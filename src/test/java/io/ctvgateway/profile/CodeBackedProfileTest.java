package io.ctvgateway.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Code-backed profiles come from {@link java.util.ServiceLoader} and are served beside the files. */
class CodeBackedProfileTest {
  private static final String SERIAL = "356938035643809";

  private static ResolvedDevice resolve(String serial) {
    return RealProfiles.get(LuhnSerialProfileProvider.ID).resolve(
        new DeviceRequest(Map.of("serial", serial), false, "4.1", "X1", null, null, null));
  }

  @Test
  void providerOnTheClassPathIsServedBesideTheFiles() {
    assertTrue(RealProfiles.registry().ids().contains(LuhnSerialProfileProvider.ID));
    assertTrue(RealProfiles.registry().ids().contains("roku"));
  }

  @Test
  void codeBackedProfileChecksWhatAFileCannot() {
    ResolvedDevice device = resolve(SERIAL);
    assertEquals(Map.of("custom", SERIAL), device.deviceIds());
    assertEquals("X1-StbOS-4.1", device.deviceVer());

    InvalidDeviceException e = assertThrows(InvalidDeviceException.class, () -> resolve("356938035643808"));
    assertEquals("invalid_format", e.code());
    assertEquals("ids.serial must be 15 digits ending in a Luhn check digit, got '356938035643808'", e.getMessage());
  }

  @Test
  void fileWithTheIdOfACodeBackedProfileIsRefused(@TempDir Path dir) throws IOException {
    String roku = Files.readString(RealProfiles.DIR.resolve("roku.json"));
    Files.writeString(dir.resolve("stb.json"), roku.replace("\"id\": \"roku\"", "\"id\": \"luhn-stb\""));

    ProfileException e = assertThrows(ProfileException.class, () -> ProfileRegistry.load(dir));

    assertEquals(LuhnSerialProfileProvider.class.getName() + ": duplicate profile id 'luhn-stb', already declared by"
        + " stb.json", e.getMessage());
  }
}
