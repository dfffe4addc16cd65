package io.ctvgateway.profile;

import static io.ctvgateway.profile.RealProfiles.LGUDID;
import static io.ctvgateway.profile.RealProfiles.resolve;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** webOS: both the release ({@code 7.0.0}) and the year ({@code 22}) forms, against platforms.md's UA table. */
class WebOsProfileTest {
  private static final String CHROMIUM_PREFIX =
      "Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) ";
  private static final String CHROMIUM_SUFFIX = " Safari/537.36 WebAppManager";

  @ParameterizedTest(name = "{0} -> {1}, device_ver {2}")
  @CsvSource(delimiter = '|', value = {
      "3.0    | QtWebEngine/5.2.1 Chrome/38.0.2125.122 | OLED55C2-webOS-3.0.0",
      "3.5    | QtWebEngine/5.2.1 Chrome/38.0.2125.122 | OLED55C2-webOS-3.5.0",
      "4.0.0  | Chrome/53.0.2785.34                    | OLED55C2-webOS-4.0.0",
      "4.5    | Chrome/53.0.2785.34                    | OLED55C2-webOS-4.5.0",
      "5.0.0  | Chrome/68.0.3440.106                   | OLED55C2-webOS-5.0.0",
      "6.0.0  | Chrome/79.0.3945.79                    | OLED55C2-webOS-6.0.0",
      "7.0.0  | Chrome/87.0.4280.88                    | OLED55C2-webOS-7.0.0",
      "22     | Chrome/87.0.4280.88                    | OLED55C2-webOS-7.0.0",
      "8.0.0  | Chrome/94.0.4606.128                   | OLED55C2-webOS-8.0.0",
      "23     | Chrome/94.0.4606.128                   | OLED55C2-webOS-8.0.0",
      "9.2.1  | Chrome/108.0.5359.211                  | OLED55C2-webOS-9.2.1",
      "24     | Chrome/108.0.5359.211                  | OLED55C2-webOS-9.0.0",
      "10.0.0 | Chrome/120.0.6099.270                  | OLED55C2-webOS-10.0.0",
      "25     | Chrome/120.0.6099.270                  | OLED55C2-webOS-10.0.0",
      "11.0.0 | Chrome/132.0.6834.159                  | OLED55C2-webOS-11.0.0",
      "26     | Chrome/132.0.6834.159                  | OLED55C2-webOS-11.0.0",
  })
  void chromiumEraVersionGivesWebAppManagerUa(String osVersion, String engine, String deviceVer) {
    ResolvedDevice device = resolve("lg-webos", "lgudid=" + LGUDID, false, osVersion, "OLED55C2");

    assertEquals(CHROMIUM_PREFIX + engine + CHROMIUM_SUFFIX, device.deviceUa());
    assertEquals(UaSource.TEMPLATE, device.uaSource());
    assertEquals(deviceVer, device.deviceVer());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "1.3.0 | Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.41 (KHTML, like Gecko) Large Screen WebAppManager Safari/537.41",
      "2.0.0 | Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/538.2 (KHTML, like Gecko) Large Screen WebAppManager Safari/538.2",
      "2     | Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/538.2 (KHTML, like Gecko) Large Screen WebAppManager Safari/538.2",
  })
  void webKitEraVersionGivesItsOwnUa(String osVersion, String ua) {
    assertEquals(ua, resolve("lg-webos", "lgudid=" + LGUDID, false, osVersion, null).deviceUa());
  }

  @Test
  void lgudidIsForwardedAsDeviceIdAndKeysTheInstall() {
    ResolvedDevice device = resolve("lg-webos", "LGUDID=" + LGUDID, false, "7.0.0", null);
    String normal = LGUDID.toLowerCase(Locale.ROOT);

    assertEquals(Map.of("device_id", normal), device.deviceIds());
    assertEquals(new InstallKey("lgudid", normal), device.installKey());
  }

  @Test
  void lgudidIsNotAnAdvertisingIdSoLatKeepsIt() {
    ResolvedDevice device = resolve("lg-webos", "lgudid=" + LGUDID, true, null, null);

    assertEquals(new InstallKey("lgudid", LGUDID.toLowerCase(Locale.ROOT)), device.installKey());
  }

  @Test
  void missingModelUsesProfileDefaultModel() {
    assertEquals("LGTV-webOS-7.0.0", resolve("lg-webos", "lgudid=" + LGUDID, false, "22", null).deviceVer());
  }
}
