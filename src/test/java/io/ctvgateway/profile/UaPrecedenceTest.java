package io.ctvgateway.profile;

import static io.ctvgateway.profile.RealProfiles.LGUDID;
import static io.ctvgateway.profile.RealProfiles.RIDA;
import static io.ctvgateway.profile.RealProfiles.resolveUa;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Explicit {@code deviceUa} &gt; recognised {@code User-Agent} header &gt; template &gt; none. */
class UaPrecedenceTest {
  private static final String ROKU_IDS = "rida=" + RIDA;
  private static final String LG_IDS = "lgudid=" + LGUDID;
  private static final String WEBOS_APP_UA = "Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko)"
      + " Chrome/79.0.3945.79 Safari/537.36 WebAppManager";

  @Test
  void explicitUaWinsOverHeaderAndTemplate() {
    ResolvedDevice device = resolveUa("roku", ROKU_IDS, "12.0.0.4186", "MyChannel/2.1 (Roku)",
        "Roku/DVP-12.0 (12.0.0.4186-55)");

    assertEquals("MyChannel/2.1 (Roku)", device.deviceUa());
    assertEquals(UaSource.EXPLICIT, device.uaSource());
  }

  @Test
  void blankExplicitUaCountsAsAbsent() {
    ResolvedDevice device = resolveUa("roku", ROKU_IDS, "12.0.0.4186", "  ", "Roku/DVP-12.0 (12.0.0.4186-55)");

    assertEquals(UaSource.HEADER, device.uaSource());
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "roku     | Roku/DVP-12.0 (12.0.0.4186-55)",
      "roku     | Roku/DVP-9.10 (519.10E04111A)",
      "roku     | Roku4640X/DVP-7.70 (297.70E04154A)",
      "lg-webos | Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0.3945.79 Safari/537.36 WebAppManager",
      "lg-webos | Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.41 (KHTML, like Gecko) Large Screen WebAppManager Safari/537.41",
  })
  void deviceUaInHeaderWinsOverTemplate(String profile, String header) {
    String ids = profile.equals("roku") ? ROKU_IDS : LG_IDS;
    String osVersion = profile.equals("roku") ? "11.5.0.4312" : "24";
    ResolvedDevice device = resolveUa(profile, ids, osVersion, null, header);

    assertEquals(header, device.deviceUa());
    assertEquals(UaSource.HEADER, device.uaSource());
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "roku     | curl/8.0                     | Roku/DVP-12.0 (12.0.0.4186)",
      "roku     | node-XMLHttpRequest          | Roku/DVP-12.0 (12.0.0.4186)",
      "roku     | Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0.3945.79 Safari/537.36 WebAppManager | Roku/DVP-12.0 (12.0.0.4186)",
      "roku     | MyRokuProxy Roku/DVP-12.0 (x)| Roku/DVP-12.0 (12.0.0.4186)",
      "lg-webos | curl/8.0                     | Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/87.0.4280.88 Safari/537.36 WebAppManager",
      "lg-webos | Roku/DVP-12.0 (12.0.0.4186-55) | Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/87.0.4280.88 Safari/537.36 WebAppManager",
  })
  void nonDeviceHeaderFallsBackToTemplate(String profile, String header, String templateUa) {
    String ids = profile.equals("roku") ? ROKU_IDS : LG_IDS;
    String osVersion = profile.equals("roku") ? "12.0.0.4186" : "22";
    ResolvedDevice device = resolveUa(profile, ids, osVersion, null, header);

    assertEquals(templateUa, device.deviceUa());
    assertEquals(UaSource.TEMPLATE, device.uaSource());
  }

  @ParameterizedTest(name = "os_version {0}, header {1}")
  @CsvSource(delimiter = '|', value = {
      "        | curl/8.0",
      "12.0.0  |",
      "12.0    | node-XMLHttpRequest",
      "9.2.6.4127 |",
  })
  void noUaWhenNothingRecognisedAndNoTemplateApplies(String osVersion, String header) {
    ResolvedDevice device = resolveUa("roku", ROKU_IDS, osVersion, null, header);

    assertNull(device.deviceUa());
    assertEquals(UaSource.NONE, device.uaSource());
  }

  @Test
  void webOsAppUaHeaderIsKeptByteForByte() {
    assertEquals(WEBOS_APP_UA, resolveUa("lg-webos", LG_IDS, null, null, WEBOS_APP_UA).deviceUa());
  }
}
