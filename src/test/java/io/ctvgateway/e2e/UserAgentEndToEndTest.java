package io.ctvgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ctvgateway.testing.FakeKochava;
import io.ctvgateway.testing.SharedGatewayTestBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What Kochava receives as {@code device_ua}, {@code device_ver} and the {@code User-Agent} header, for every
 * Roku OS and webOS version form, and for each UA source: explicit, the ping's header, a template, none.
 * Expected strings are the real ones from platforms.md and ua-samples.json.
 */
@Timeout(120)
class UserAgentEndToEndTest extends SharedGatewayTestBase {
  static final String WEBOS = "Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) ";
  static final String WAM = " Safari/537.36 WebAppManager";


  static Stream<Arguments> cases() {
    return Stream.of(
        // platform, os_version, model, explicit device_ua, User-Agent header, expected UA (null: none), device_ver
        Arguments.of("roku", "12.0.0.4186", "3920X", null, null, "Roku/DVP-12.0 (12.0.0.4186)", "3920X-RokuOS-12.0.0"),
        Arguments.of("roku", "11.5.0.4312-C2", "3930X", null, null, "Roku/DVP-11.5 (11.5.0.4312-C2)", "3930X-RokuOS-11.5.0"),
        Arguments.of("roku", "519.10E04111A", "3930X", null, null, "Roku/DVP-9.10 (519.10E04111A)", "3930X-RokuOS-9.1.0"),
        Arguments.of("roku", "045.04E03198A", "4200X", null, null, "Roku/DVP-5.4 (045.04E03198A)", "4200X-RokuOS-5.4.0"),
        Arguments.of("roku", "034.08E01185A", "2710X", null, null, "Roku/DVP-4.8 (034.08E01185A)", "2710X-RokuOS-4.8.0"),
        Arguments.of("roku", "9.2.6.4127", "3920X", null, null, null, "3920X-RokuOS-9.2.6"),
        Arguments.of("roku", "12.0.0.4186", "3920X", null, "Roku/DVP-12.0 (12.0.0.4186-55)",
            "Roku/DVP-12.0 (12.0.0.4186-55)", "3920X-RokuOS-12.0.0"),
        Arguments.of("roku", "7.7", "4640X", null, "Roku4640X/DVP-7.70 (297.70E04154A)",
            "Roku4640X/DVP-7.70 (297.70E04154A)", "4640X-RokuOS-7.7.0"),
        Arguments.of("roku", "12.0.0.4186", "3920X", "Roku/DVP-12.0 (12.0.0.4186-46)", "Roku/DVP-12.0 (12.0.0.4186-55)",
            "Roku/DVP-12.0 (12.0.0.4186-46)", "3920X-RokuOS-12.0.0"),
        Arguments.of("roku", "12.0.0.4186", "3920X", null, "curl/8.5.0", "Roku/DVP-12.0 (12.0.0.4186)", "3920X-RokuOS-12.0.0"),
        Arguments.of("roku", null, "3920X", null, "node-XMLHttpRequest", null, null),
        Arguments.of("lg-webos", "1.3.0", "LB6700", null, null,
            "Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.41 (KHTML, like Gecko) Large Screen WebAppManager Safari/537.41",
            "LB6700-webOS-1.3.0"),
        Arguments.of("lg-webos", "2.0.0", "LF6300", null, null,
            "Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/538.2 (KHTML, like Gecko) Large Screen WebAppManager Safari/538.2",
            "LF6300-webOS-2.0.0"),
        Arguments.of("lg-webos", "3.0", "43UH61M1-ZB", null, null,
            WEBOS + "QtWebEngine/5.2.1 Chrome/38.0.2125.122" + WAM, "43UH61M1-ZB-webOS-3.0.0"),
        Arguments.of("lg-webos", "4.0.0", "OLED65C8PLA", null, null, WEBOS + "Chrome/53.0.2785.34" + WAM,
            "OLED65C8PLA-webOS-4.0.0"),
        Arguments.of("lg-webos", "5.0.0", "43UN71006LB", null, null, WEBOS + "Chrome/68.0.3440.106" + WAM,
            "43UN71006LB-webOS-5.0.0"),
        Arguments.of("lg-webos", "6.0.0", "OLED55A16LA", null, null, WEBOS + "Chrome/79.0.3945.79" + WAM,
            "OLED55A16LA-webOS-6.0.0"),
        Arguments.of("lg-webos", "7.0.0", "43UQ75003LF", null, null, WEBOS + "Chrome/87.0.4280.88" + WAM,
            "43UQ75003LF-webOS-7.0.0"),
        Arguments.of("lg-webos", "22", "43UQ75003LF", null, null, WEBOS + "Chrome/87.0.4280.88" + WAM,
            "43UQ75003LF-webOS-7.0.0"),
        Arguments.of("lg-webos", "23", "50QNED816RE", null, null, WEBOS + "Chrome/94.0.4606.128" + WAM,
            "50QNED816RE-webOS-8.0.0"),
        Arguments.of("lg-webos", "24", "43UT81006LA", null, null, WEBOS + "Chrome/108.0.5359.211" + WAM,
            "43UT81006LA-webOS-9.0.0"),
        Arguments.of("lg-webos", "25", "OLED65G5", null, null, WEBOS + "Chrome/120.0.6099.270" + WAM,
            "OLED65G5-webOS-10.0.0"),
        Arguments.of("lg-webos", "26", "OLED65G6", null, null, WEBOS + "Chrome/132.0.6834.159" + WAM,
            "OLED65G6-webOS-11.0.0"),
        Arguments.of("lg-webos", "6.0.0", "OLED55C1", null, WEBOS + "Chrome/79.0.3945.79" + WAM,
            WEBOS + "Chrome/79.0.3945.79" + WAM, "OLED55C1-webOS-6.0.0"),
        Arguments.of("lg-webos", null, "OLED55C1", null, "Mozilla/5.0 (X11; Linux x86_64)", null, null));
  }

  @ParameterizedTest(name = "{0} os={1} ua={3} header={4}")
  @MethodSource("cases")
  void kochavaGetsTheRightUserAgentAndDeviceVer(String platform, String osVersion, String model, String explicitUa,
      String headerUa, String expectedUa, String expectedDeviceVer) throws Exception {
    String id = UUID.randomUUID().toString();
    JsonObject ids = platform.equals("roku") ? new JsonObject().put("rida", id) : new JsonObject().put("lgudid", id);
    JsonObject install = new JsonObject().put("app_id", "koctv-ua").put("ids", ids).put("model", model);
    if (osVersion != null) {
      install.put("os_version", osVersion);
    }
    if (explicitUa != null) {
      install.put("device_ua", explicitUa);
    }
    Map<String, String> headers = new HashMap<>(Map.of("Content-Type", "application/json"));
    if (headerUa != null) {
      headers.put("User-Agent", headerUa);
    }

    var answer = gateway.post("/v1/" + platform + "/install", headers, Buffer.buffer(install.encode()));
    assertEquals(202, answer.statusCode(), answer.bodyAsString());

    gateway.await("install " + id, () -> kochava.accepted().stream().anyMatch(r -> r.body().contains(id)));
    FakeKochava.Received got = kochava.accepted().stream().filter(r -> r.body().contains(id)).findFirst().orElseThrow();
    JsonObject data = got.json().getJsonObject("data");
    assertEquals(expectedUa == null ? "Unknown" : expectedUa, got.userAgent(), "User-Agent header");
    assertEquals(expectedUa == null ? "" : io.ctvgateway.kochava.UriComponent.encode(expectedUa),
        data.getString("device_ua"), "data.device_ua");
    assertEquals(expectedDeviceVer, data.getString("device_ver"), "data.device_ver");
  }
}
