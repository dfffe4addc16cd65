package io.ctvgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ctvgateway.testing.FakeKochava;
import io.ctvgateway.testing.SharedGatewayTestBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One install per shipped platform (and the code-backed test profile) from the TV to a fake Kochava, each
 * platform's opt-out rule, and its placeholder ids. Expected UAs are the real strings of ua-samples.json or
 * the templates of platforms.md.
 */
@Timeout(120)
class PlatformInstallsEndToEndTest extends SharedGatewayTestBase {
  static final String ZERO_UUID = "00000000-0000-0000-0000-000000000000";
  static final String CCID = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6";
  static final String RIDA = "fa73d67d-f55c-5af3-883a-726253dc7d0e";
  static final String LGUDID = "095f142a-3e5b-ac5d-91d4-92c8be18a1b2";
  static final String TIFA = "3f2d9a1c-5b7e-4c8d-9a0b-1c2d3e4f5a6b";
  static final String FIRE_ADID = "df07c7dc-cea7-4a89-b328-810ff5acb15d";
  static final String ANDROID_ID = "e11a8c233efb29f3";
  static final String GAID = "6cf94580-46c2-490c-b882-2f6ae269b579";
  static final String IDFV = "59E27F41-A86B-4560-B585-63161F871C4B";
  static final String IDFA = "29DDE430-CE81-4F00-A50C-689595AAD142";
  static final String VIDA = "dca2365e-0d78-47c6-aaac-9567846c6c9e";
  static final String VIDAA_UA = "Mozilla/5.0 (X11; Linux armv7l) AppleWebKit/537.36 (KHTML, like Gecko)"
      + " Chrome/88.0.4324.182 Odin/88.4324.2.10 Safari/537.36 Model/Hisense-NT72671D"
      + " VIDAA/6.0(Hisense;SmartTV;55A66GXVT;NT72671/V0000.06.12X.N1212;UHD;55A6GX;)";
  static final String VIZIO_UA = "Mozilla/5.0 (X11; Linux armv7l) AppleWebKit/537.36 (KHTML, like Gecko)"
      + " Chrome/72.0.3626.121 Safari/537.36 CrKey/1.0.999999 VIZIO SmartCast(Conjure/SX7B-4.6.419.12 FW/7.0.120.1-1"
      + " Model/M55-F0)";


  /** A ping: ids, lat, os_version, model, and the ping's own User-Agent header (null: none). */
  record Ping(String platform, JsonObject ids, boolean lat, String osVersion, String model, String header) {
    JsonObject body(String appId) {
      JsonObject body = new JsonObject().put("app_id", appId).put("app_version", "1.0.0").put("ids", ids)
          .put("usertime", 1_700_000_000L);
      if (lat) {
        body.put("lat", true);
      }
      if (osVersion != null) {
        body.put("os_version", osVersion);
      }
      if (model != null) {
        body.put("model", model);
      }
      return body;
    }
  }

  static Ping ping(String platform, JsonObject ids, String osVersion, String model) {
    return new Ping(platform, ids, false, osVersion, model, null);
  }

  static JsonObject ids(String... pairs) {
    JsonObject ids = new JsonObject();
    for (int i = 0; i < pairs.length; i += 2) {
      ids.put(pairs[i], pairs[i + 1]);
    }
    return ids;
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        // name, ping, device_ids Kochava gets, upstream User-Agent, device_ver
        Arguments.of("roku install", ping("roku", ids("channel_client_id", CCID, "rida", RIDA), "12.0.0.4186-55", "3920X"),
            ids("udid", CCID, "rida", RIDA), "Roku/DVP-12.0 (12.0.0.4186-55)", "3920X-RokuOS-12.0.0"),
        Arguments.of("roku opt-out: lat drops the RIDA",
            new Ping("roku", ids("channel_client_id", CCID, "rida", RIDA), true, "11.5.0.4312-C2", null, null),
            ids("udid", CCID), "Roku/DVP-11.5 (11.5.0.4312-C2)", "Roku-RokuOS-11.5.0"),
        Arguments.of("lg-webos install", ping("lg-webos", ids("LGUDID", LGUDID), "23", "OLED65C3"),
            ids("device_id", LGUDID), "Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/94.0.4606.128 Safari/537.36 WebAppManager", "OLED65C3-webOS-8.0.0"),
        Arguments.of("samsung-tizen install", ping("samsung-tizen", ids("tifa", TIFA), "6.5", "QN65Q80B"),
            ids("tifa", TIFA), "Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.5) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " 85.0.4183.93/6.5 TV Safari/537.36", "QN65Q80B-Tizen-6.5.0"),
        Arguments.of("fire-tv install", ping("fire-tv", ids("advertising_id", FIRE_ADID, "android_id", ANDROID_ID),
                "9 Build/PS7690.4719N", "AFTSSS"),
            ids("fire_adid", FIRE_ADID, "android_id", ANDROID_ID), "Dalvik/2.1.0 (Linux; U; Android 9; AFTSSS"
                + " Build/PS7690.4719N)", "AFTSSS-Android-9.0.0"),
        Arguments.of("fire-tv opt-out: an all-zero advertising id is dropped",
            ping("fire-tv", ids("fire_adid", ZERO_UUID, "androidId", ANDROID_ID), "Fire OS 8.1.0.3", "AFTKM"),
            ids("android_id", ANDROID_ID), "Unknown", "AFTKM-Android-11.0.0"),
        Arguments.of("fire-tv opt-out: lat drops the advertising id",
            new Ping("fire-tv", ids("advertising_id", FIRE_ADID, "android_id", ANDROID_ID), true, null, null, null),
            ids("android_id", ANDROID_ID), "Unknown", null),
        Arguments.of("android-tv install", ping("android-tv", ids("android_id", ANDROID_ID, "gaid", GAID),
                "9 Build/PTT1.190515.001.S104", "BRAVIA 4K UR1"),
            ids("android_id", ANDROID_ID, "adid", GAID), "Dalvik/2.1.0 (Linux; U; Android 9; BRAVIA 4K UR1"
                + " Build/PTT1.190515.001.S104)", "BRAVIA 4K UR1-Android-9.0.0"),
        Arguments.of("android-tv opt-out: an all-zero GAID is dropped",
            ping("android-tv", ids("android_id", ANDROID_ID, "adid", ZERO_UUID), "12", "Chromecast HD"),
            ids("android_id", ANDROID_ID), "Unknown", "Chromecast HD-Android-12.0.0"),
        Arguments.of("apple-tvos install before ATT", ping("apple-tvos", ids("idfv", IDFV, "idfa", IDFA), "13.4", "AppleTV5,3"),
            ids("idfv", IDFV, "idfa", IDFA), "Unknown", "AppleTV5,3-tvOS-13.4.0"),
        Arguments.of("apple-tvos opt-out: tvOS 14+ without ATT authorization drops the IDFA",
            ping("apple-tvos", ids("idfv", IDFV.toLowerCase(), "idfa", IDFA), "17.1", "AppleTV11,1"),
            ids("idfv", IDFV), "Unknown", "AppleTV11,1-tvOS-17.1.0"),
        Arguments.of("apple-tvos: the app's own UA header is forwarded",
            new Ping("apple-tvos", ids("idfv", IDFV), false, "17.3", "AppleTV6,2", "ClientApp/5.0.60 (tvOS 17.3;"
                + " AppleTV6,2; Apple TV) PureRN/0.69.6"),
            ids("idfv", IDFV), "ClientApp/5.0.60 (tvOS 17.3; AppleTV6,2; Apple TV) PureRN/0.69.6", "AppleTV6,2-tvOS-17.3.0"),
        Arguments.of("vizio-smartcast install with its Conjure UA",
            new Ping("vizio-smartcast", ids("vida", VIDA), false, "7.0.120.1-1", "M55-F0", VIZIO_UA),
            ids("vida", VIDA), VIZIO_UA, "M55-F0-SmartCast-7.0.120"),
        Arguments.of("vega-os install with its synthesised Kepler UA", ping("vega-os", ids("advertising_id", FIRE_ADID),
                "1.1", "AFTCL001"),
            ids("fire_adid", FIRE_ADID), "Kepler/1.1 (Linux; AFTCL001)", "AFTCL001-VegaOS-1.1.0"),
        Arguments.of("vidaa install with its web app's UA", new Ping("vidaa", ids("vidaaid", "HIS-55A6GX-0012AB34CD"), false,
                "6.0", "55A66GXVT", VIDAA_UA),
            ids("vidaaid", "his-55a6gx-0012ab34cd"), VIDAA_UA, "55A66GXVT-VIDAA-6.0"),
        Arguments.of("generic install", ping("generic", ids("custom_id", "app-7Hq2-0001:XyZ"), "5.0.2-1187", "MagentaTV-One"),
            ids("custom", "app-7Hq2-0001:XyZ"), "Unknown", "MagentaTV-One-Other-5.0.2"),
        Arguments.of("generic: lat has no advertising id to drop",
            new Ping("generic", ids("custom", "app-7Hq2-0002:XyZ"), true, null, null, null),
            ids("custom", "app-7Hq2-0002:XyZ"), "Unknown", null),
        Arguments.of("code-backed luhn-stb install", ping("luhn-stb", ids("serial", "356938035643809"), "4.1", "X1"),
            ids("custom", "356938035643809"), "Unknown", "X1-StbOS-4.1"));
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        // name, ping, status, error code, field
        Arguments.of("roku placeholder", ping("roku", ids("channel_client_id", "000000000000"), null, null),
            "placeholder_id", "ids.channel_client_id"),
        Arguments.of("roku all-zero RIDA stays an error", ping("roku", ids("rida", ZERO_UUID), null, null),
            "placeholder_id", "ids.rida"),
        Arguments.of("lg-webos emulator LGUDID", ping("lg-webos", ids("lgudid", ZERO_UUID), null, null),
            "placeholder_id", "ids.lgudid"),
        Arguments.of("samsung-tizen all-zero TIFA", ping("samsung-tizen", ids("tifa", ZERO_UUID), null, null),
            "placeholder_id", "ids.tifa"),
        Arguments.of("fire-tv all-zero ANDROID_ID", ping("fire-tv", ids("android_id", "0000000000000000"), null, null),
            "placeholder_id", "ids.android_id"),
        Arguments.of("android-tv all-zero ANDROID_ID", ping("android-tv", ids("androidId", "0000000000000000"), null, null),
            "placeholder_id", "ids.android_id"),
        Arguments.of("android-tv opt-out: an all-zero GAID alone leaves no id",
            ping("android-tv", ids("gaid", ZERO_UUID), null, null), "no_usable_id", "ids"),
        Arguments.of("apple-tvos all-zero IDFV", ping("apple-tvos", ids("idfv", ZERO_UUID), null, null),
            "placeholder_id", "ids.idfv"),
        Arguments.of("vizio-smartcast all-zero VIDA", ping("vizio-smartcast", ids("vida", ZERO_UUID), null, null),
            "placeholder_id", "ids.vida"),
        Arguments.of("generic placeholder", ping("generic", ids("custom_id", "undefined"), null, null),
            "placeholder_id", "ids.custom_id"),
        Arguments.of("luhn-stb bad check digit", ping("luhn-stb", ids("serial", "356938035643808"), null, null),
            "invalid_format", "ids.serial"));
  }

  private HttpResponse<Buffer> send(Ping ping, String appId) throws Exception {
    Map<String, String> headers = ping.header() == null
        ? Map.of("Content-Type", "application/json")
        : Map.of("Content-Type", "application/json", "User-Agent", ping.header());
    return gateway.post("/v1/" + ping.platform() + "/install", headers, Buffer.buffer(ping.body(appId).encode()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void installReachesKochavaAsTheProfileSays(String name, Ping ping, JsonObject deviceIds, String userAgent,
      String deviceVer) throws Exception {
    String appId = "e2e-" + Integer.toHexString(name.hashCode());
    HttpResponse<Buffer> answer = send(ping, appId);
    assertEquals(202, answer.statusCode(), answer.bodyAsString());

    gateway.await(name + " to reach Kochava", () -> kochava.accepted().stream()
        .anyMatch(r -> appId.equals(r.json().getString("kochava_app_id"))));
    FakeKochava.Received got = kochava.accepted().stream()
        .filter(r -> appId.equals(r.json().getString("kochava_app_id"))).findFirst().orElseThrow();
    JsonObject data = got.json().getJsonObject("data");
    assertEquals(deviceIds, data.getJsonObject("device_ids"));
    assertEquals(userAgent, got.userAgent());
    assertEquals(deviceVer, data.getString("device_ver"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void installBreakingAPlatformRuleIsRefused(String name, Ping ping, String code, String field) throws Exception {
    HttpResponse<Buffer> answer = send(ping, "e2e-refused");

    assertEquals(400, answer.statusCode(), answer.bodyAsString());
    JsonObject error = answer.bodyAsJsonObject().getJsonObject("error");
    assertEquals(code, error.getString("code"), error.encode());
    assertEquals(field, error.getString("field"), error.encode());
  }
}
