package io.ctvgateway.profile;

import static io.ctvgateway.profile.RealProfiles.RIDA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a request can break a profile rule: the code, the field and a message naming rule and value. */
class DeviceErrorsTest {
  private static final String ZERO_UUID = "00000000-0000-0000-0000-000000000000";

  record Case(String profile, String ids, boolean lat, String osVersion, String model) {
    static Case roku(String ids) {
      return new Case("roku", ids, false, null, null);
    }

    static Case lg(String ids) {
      return new Case("lg-webos", ids, false, null, null);
    }

    Case withOs(String v) {
      return new Case(profile, ids, lat, v, model);
    }

    Case withModel(String m) {
      return new Case(profile, ids, lat, osVersion, m);
    }

    Case withLat() {
      return new Case(profile, ids, true, osVersion, model);
    }
  }

  static Stream<Arguments> errors() {
    String ok = "rida=" + RIDA;
    return Stream.of(
        Arguments.of(Case.roku("rida=abc"), "invalid_format", "ids.rida",
            "ids.rida must be a UUID (8-4-4-4-12 hex), got 'abc'"),
        Arguments.of(Case.roku("RIDA=abc"), "invalid_format", "ids.rida",
            "ids.rida (sent as ids.RIDA) must be a UUID (8-4-4-4-12 hex), got 'abc'"),
        Arguments.of(Case.roku("channel_client_id=abc123"), "invalid_format", "ids.channel_client_id",
            "got 'abc123'"),
        Arguments.of(Case.roku("channel_client_id=" + "a".repeat(129)), "invalid_format", "ids.channel_client_id",
            "must be at most 128 characters, got 129"),
        Arguments.of(Case.roku("channel_client_id=000000000000"), "placeholder_id", "ids.channel_client_id",
            "is a placeholder value that identifies no device, got '000000000000'"),
        Arguments.of(Case.roku("channel_client_id=" + "0".repeat(32)), "placeholder_id", "ids.channel_client_id", ""),
        Arguments.of(Case.roku("channelClientId=" + ZERO_UUID), "placeholder_id", "ids.channel_client_id", ""),
        Arguments.of(Case.roku("rida=" + ZERO_UUID), "placeholder_id", "ids.rida", ""),
        Arguments.of(Case.roku("rida=0000-0000-0000"), "placeholder_id", "ids.rida", ""),
        Arguments.of(Case.lg("lgudid=" + ZERO_UUID), "placeholder_id", "ids.lgudid", ""),
        Arguments.of(Case.lg("lgudid=abc"), "invalid_format", "ids.lgudid", "ids.lgudid must be a UUID"),
        Arguments.of(Case.roku("ridaa=" + RIDA), "unknown_id", "ids.ridaa",
            "ids.ridaa is not an identifier of this platform; accepted: channel_client_id, channelClientId, udid, rida, RIDA"),
        Arguments.of(Case.lg("rida=" + RIDA), "unknown_id", "ids.rida", ""),
        Arguments.of(Case.roku("rida=" + RIDA + ";RIDA=" + RIDA), "invalid_value", "ids.rida",
            "ids.rida was sent twice, as ids.RIDA and ids.rida; send it once"),
        Arguments.of(Case.roku(""), "no_usable_id", "ids",
            "no usable install identifier: send one of ids.channel_client_id, ids.rida"),
        Arguments.of(Case.roku(ok).withLat(), "no_usable_id", "ids",
            "(ids.rida is an advertising id and is not used when lat is true)"),
        Arguments.of(Case.roku(ok).withOs("999.9999999"), "placeholder_version", "os_version", "got '999.9999999'"),
        Arguments.of(Case.roku(ok).withOs("12.x"), "invalid_format", "os_version", "os_version must be one of: Roku OS 10"),
        Arguments.of(Case.roku(ok).withOs("519.10X"), "invalid_format", "os_version", "got '519.10X'"),
        Arguments.of(Case.roku(ok).withOs("1".repeat(65)), "invalid_format", "os_version", "at most 64 characters"),
        Arguments.of(Case.lg("lgudid=" + RealProfiles.LGUDID).withOs("27"),
            "invalid_format", "os_version", "a webOS TV year name 22 to 26; got '27'"),
        Arguments.of(Case.lg("lgudid=" + RealProfiles.LGUDID).withOs("12.0"),
            "invalid_format", "os_version", ""),
        Arguments.of(Case.roku(ok).withModel("X".repeat(65)), "invalid_format", "model",
            "model must be at most 64 characters, got 65"),
        Arguments.of(Case.roku(ok).withModel("39\t20X"), "invalid_format", "model", ""),
        Arguments.of(Case.roku(ok).withModel("39\u000120X"), "invalid_format", "model", "model must not contain control"));
  }

  @ParameterizedTest(name = "{0} -> {1} on {2}")
  @MethodSource("errors")
  void requestBreakingARuleIsRejectedWithCodeFieldAndMessage(Case c, String code, String field, String message) {
    DeviceRequest request = new DeviceRequest(RealProfiles.ids(c.ids()), c.lat(), c.osVersion(), c.model(), null, null, null);

    InvalidDeviceException e = assertThrows(InvalidDeviceException.class,
        () -> RealProfiles.get(c.profile()).resolve(request));

    assertEquals(code, e.code(), e.getMessage());
    assertEquals(field, e.field(), e.getMessage());
    assertTrue(e.getMessage().contains(message), () -> "message was: " + e.getMessage());
  }
}
