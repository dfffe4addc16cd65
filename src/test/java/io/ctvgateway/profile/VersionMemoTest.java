package io.ctvgateway.profile;

import static io.ctvgateway.profile.RealProfiles.RIDA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** An os_version is parsed once per profile and model; what comes out is what a parse gives every time. */
class VersionMemoTest {
  private static ResolvedDevice resolve(DeviceProfile roku, String osVersion, String model) {
    return roku.resolve(new DeviceRequest(RealProfiles.ids("rida=" + RIDA), false, osVersion, model, null, null,
        null));
  }

  @Test
  void aValidVersionIsParsedOnceAndGivesTheSameDeviceEachTime() throws Exception {
    DeclarativeProfile roku = (DeclarativeProfile) ProfileDirectory.read(
        RealProfiles.DIR.resolve("roku.json")).profile();
    ResolvedDevice first = resolve(roku, "12.0.0.4186-55", "3920X");
    ResolvedDevice again = resolve(roku, "12.0.0.4186-55", "3920X");
    assertEquals("Roku/DVP-12.0 (12.0.0.4186-55)", again.deviceUa());
    assertEquals(first, again);
    assertSame(first.deviceUa(), again.deviceUa()); // the kept parse, not a second one
    assertEquals(1, roku.versionsKept());

    // The model is part of the key (a template may read it): another model is another entry, rendered for it.
    assertEquals("4802X-RokuOS-12.0.0", resolve(roku, "12.0.0.4186-55", "4802X").deviceVer());
    assertEquals(2, roku.versionsKept());
  }

  @Test
  void anInvalidOrPlaceholderVersionThrowsEveryTimeAndIsNotKept() throws Exception {
    DeclarativeProfile roku = (DeclarativeProfile) ProfileDirectory.read(
        RealProfiles.DIR.resolve("roku.json")).profile();
    for (int i = 0; i < 2; i++) {
      assertEquals("invalid_format", assertThrows(InvalidDeviceException.class,
          () -> resolve(roku, "twelve", "3920X")).code());
      assertEquals("placeholder_version", assertThrows(InvalidDeviceException.class,
          () -> resolve(roku, "999.9999999", "3920X")).code());
    }
    assertEquals(0, roku.versionsKept());
  }
}
