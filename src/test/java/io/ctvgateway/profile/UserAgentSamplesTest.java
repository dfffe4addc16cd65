package io.ctvgateway.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Synthesised user agents are byte-identical to real app user agents: {@code profile/ua-samples.json} is a copy
 * of the shared reference samples, each with the os_version inputs that must reproduce it.
 */
class UserAgentSamplesTest {

  static List<Arguments> samples() throws IOException {
    JsonObject doc;
    try (InputStream in = UserAgentSamplesTest.class.getResourceAsStream("/profile/ua-samples.json")) {
      doc = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    List<Arguments> cases = new ArrayList<>();
    for (Object item : doc.getJsonArray("user_agents")) {
      JsonObject sample = (JsonObject) item;
      for (Object input : sample.getJsonArray("inputs")) {
        cases.add(Arguments.of(sample.getString("profile"), input, sample.getString("ua")));
      }
    }
    return cases;
  }

  @ParameterizedTest(name = "{0} os_version {1} -> {2}")
  @MethodSource("samples")
  void templateReproducesRealAppUserAgent(String profile, String osVersion, String realUa) {
    String ids = profile.equals("roku") ? "rida=" + RealProfiles.RIDA : "lgudid=" + RealProfiles.LGUDID;
    ResolvedDevice device = RealProfiles.resolve(profile, ids, false, osVersion, null);

    assertEquals(realUa, device.deviceUa());
    assertEquals(UaSource.TEMPLATE, device.uaSource());
  }
}
