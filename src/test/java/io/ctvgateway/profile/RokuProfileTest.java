package io.ctvgateway.profile;

import static io.ctvgateway.profile.RealProfiles.CCID;
import static io.ctvgateway.profile.RealProfiles.RIDA;
import static io.ctvgateway.profile.RealProfiles.resolve;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RokuProfileTest {
  private static final String CCID_NORMAL = CCID.toLowerCase(Locale.ROOT);

  @ParameterizedTest(name = "{0} -> UA {1}, device_ver {2}")
  @CsvSource(delimiter = '|', value = {
      "12.0.0.4186    | Roku/DVP-12.0 (12.0.0.4186)       | 3920X-RokuOS-12.0.0",
      "12.0.0.4186-55 | Roku/DVP-12.0 (12.0.0.4186-55)    | 3920X-RokuOS-12.0.0",
      "11.5.0.4312-C2 | Roku/DVP-11.5 (11.5.0.4312-C2)    | 3920X-RokuOS-11.5.0",
      "10.5.0.0010    | Roku/DVP-10.5 (10.5.0.0010)       | 3920X-RokuOS-10.5.0",
      "12.0.0         |                                   | 3920X-RokuOS-12.0.0",
      "12.0           |                                   | 3920X-RokuOS-12.0.0",
      "9.2.6.4127     |                                   | 3920X-RokuOS-9.2.6",
      "519.10E04111A  | Roku/DVP-9.10 (519.10E04111A)     | 3920X-RokuOS-9.1.0",
      "297.70E04154A  | Roku/DVP-7.70 (297.70E04154A)     | 3920X-RokuOS-7.7.0",
      "045.04E03198A  | Roku/DVP-5.4 (045.04E03198A)      | 3920X-RokuOS-5.4.0",
      "034.08E01185A  | Roku/DVP-4.8 (034.08E01185A)      | 3920X-RokuOS-4.8.0",
      "' 12.0.0.4186 '| Roku/DVP-12.0 (12.0.0.4186)       | 3920X-RokuOS-12.0.0",
  })
  void osVersionGivesTemplateUaAndDeviceVer(String osVersion, String ua, String deviceVer) {
    ResolvedDevice device = resolve("roku", "rida=" + RIDA, false, osVersion, "3920X");

    assertEquals(ua, device.deviceUa());
    assertEquals(ua == null ? UaSource.NONE : UaSource.TEMPLATE, device.uaSource());
    assertEquals(deviceVer, device.deviceVer());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6",
      "A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5D6",
      "a1b2c3d4-e5f6-a7b8-c9d0-e1f2a3b4c5d6",
      "A1B2C3D4-E5F6-A7B8-C9D0-E1F2A3B4C5D6",
  })
  void channelClientIdWrittenAnyWayGivesOneInstallKey(String written) {
    ResolvedDevice device = resolve("roku", "channel_client_id=" + written, false, null, null);

    assertEquals(new InstallKey("channel_client_id", CCID_NORMAL), device.installKey());
    assertEquals(Map.of("udid", CCID_NORMAL), device.deviceIds());
  }

  @Test
  void channelClientIdIsTheInstallKeyBeforeRida() {
    ResolvedDevice device = resolve("roku", "RIDA=" + RIDA + ";channelClientId=" + CCID, false, null, null);

    assertEquals(new InstallKey("channel_client_id", CCID_NORMAL), device.installKey());
    assertEquals(List.of("udid", "rida"), List.copyOf(device.deviceIds().keySet()));
    assertEquals(RIDA.toLowerCase(Locale.ROOT), device.deviceIds().get("rida"));
  }

  @Test
  void ridaIsTheInstallKeyWithoutChannelClientId() {
    ResolvedDevice device = resolve("roku", "rida=" + RIDA, false, null, null);

    assertEquals(new InstallKey("rida", RIDA.toLowerCase(Locale.ROOT)), device.installKey());
  }

  @ParameterizedTest
  @ValueSource(strings = {RIDA, "not-a-uuid", "00000000-0000-0000-0000-000000000000"})
  void limitAdTrackingDropsRidaUncheckedAndKeysOnChannelClientId(String rida) {
    ResolvedDevice device = resolve("roku", "channel_client_id=" + CCID + ";rida=" + rida, true, null, null);

    assertEquals(Map.of("udid", CCID_NORMAL), device.deviceIds());
    assertEquals(new InstallKey("channel_client_id", CCID_NORMAL), device.installKey());
  }

  @Test
  void missingModelUsesProfileDefaultModel() {
    assertEquals("Roku-RokuOS-12.0.0", resolve("roku", "rida=" + RIDA, false, "12.0.0.4186", null).deviceVer());
    assertEquals("Roku-RokuOS-12.0.0", resolve("roku", "rida=" + RIDA, false, "12.0.0.4186", " ").deviceVer());
  }

  @Test
  void modelWithDashesIsKeptWhole() {
    assertEquals("3940EU-X-RokuOS-12.0.0", resolve("roku", "rida=" + RIDA, false, "12.0", "3940EU-X").deviceVer());
  }

  @Test
  void missingOsVersionGivesNoDeviceVerAndNoUa() {
    ResolvedDevice device = resolve("roku", "rida=" + RIDA, false, null, "3920X");

    assertNull(device.deviceVer());
    assertNull(device.deviceUa());
    assertEquals(UaSource.NONE, device.uaSource());
  }
}
