package io.ctvgateway.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Synthesised user agents are byte-identical to real app user agents: {@code profile/ua-samples.json} is a copy
 * of the shared reference samples an app's own HTTP client or web view sends, each with the requests
 * ({@code inputs}) that must reproduce it, or {@code why_not} when an input the UA needs is not known to the
 * gateway. Every one of them is also recognised as a device UA when it is the ping's own header.
 */
class UserAgentSamplesTest {
  /**
   * Valid identifiers per shipped profile (from each profile's own first passing example): the samples are about
   * user agents. Derived from the directory, so a new profile with samples needs no Java.
   */
  private static final Map<String, String> IDS = validIds();

  private static Map<String, String> validIds() {
    Map<String, String> ids = new java.util.HashMap<>();
    RealProfiles.fileIds().forEach(id -> ids.put(id, RealProfiles.validIds(id)));
    return ids;
  }

  static List<JsonObject> all() throws IOException {
    JsonObject doc;
    try (InputStream in = UserAgentSamplesTest.class.getResourceAsStream("/profile/ua-samples.json")) {
      doc = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    List<JsonObject> samples = new ArrayList<>();
    doc.getJsonArray("user_agents").forEach(sample -> samples.add((JsonObject) sample));
    return samples;
  }

  static List<Arguments> synthesisable() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    for (JsonObject sample : all()) {
      for (Object input : sample.getJsonArray("inputs")) {
        JsonObject in = (JsonObject) input;
        cases.add(Arguments.of(sample.getString("profile"), in.getString("os_version"), in.getString("model"),
            sample.getString("ua")));
      }
    }
    return cases;
  }

  static List<Arguments> headers() throws IOException {
    return all().stream().map(s -> Arguments.of(s.getString("profile"), s.getString("ua"))).toList();
  }

  @ParameterizedTest(name = "{0} os_version {1} model {2} -> {3}")
  @MethodSource("synthesisable")
  void templateReproducesRealAppUserAgent(String profile, String osVersion, String model, String realUa) {
    ResolvedDevice device = RealProfiles.resolve(profile, IDS.get(profile), false, osVersion, model);

    assertEquals(realUa, device.deviceUa());
    assertEquals(UaSource.TEMPLATE, device.uaSource());
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("headers")
  void realAppUserAgentInTheHeaderIsRecognisedAsTheDeviceUa(String profile, String realUa) {
    ResolvedDevice device = RealProfiles.resolveUa(profile, IDS.get(profile), null, null, realUa);

    assertEquals(realUa, device.deviceUa());
    assertEquals(UaSource.HEADER, device.uaSource());
  }

  @Test
  void everySampleIsSynthesisedOrSaysWhichInputIsMissing() throws IOException {
    for (JsonObject sample : all()) {
      boolean synthesised = !sample.getJsonArray("inputs").isEmpty();
      assertTrue(synthesised || !sample.getString("why_not", "").isBlank(), () -> "no inputs, no why_not: " + sample);
      assertFalse(sample.getString("source", "").isBlank(), () -> "no source: " + sample);
      assertTrue(IDS.containsKey(sample.getString("profile")), () -> "unknown profile: " + sample);
    }
  }
}
