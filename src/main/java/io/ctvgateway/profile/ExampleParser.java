package io.ctvgateway.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads a profile file's {@code examples}: each a {@code name}, a {@code request} and what to {@code expect}. */
final class ExampleParser {
  private static final Set<String> EXAMPLE_KEYS = Set.of("name", "request", "expect");
  private static final Set<String> REQUEST_KEYS =
      Set.of("ids", "lat", "att", "os_version", "model", "device_ua", "user_agent");
  private static final Set<String> DEVICE_KEYS =
      Set.of("device_ids", "install_key", "device_ua", "ua_source", "device_ver", "limit_tracking");
  private static final Set<String> ERROR_KEYS = Set.of("error", "field", "message");

  private ExampleParser() {}

  static List<ProfileExample> parse(ProfileNode root) throws ProfileException {
    List<ProfileExample> examples = new ArrayList<>();
    for (ProfileNode node : root.objects("examples", true)) {
      node.allowOnly(EXAMPLE_KEYS);
      String label = node.path() + " \"" + node.string("name") + "\"";
      DeviceRequest request = request(node.object("request"));
      ProfileNode expect = node.object("expect");
      if (expect.has("error")) {
        expect.allowOnly(ERROR_KEYS);
        examples.add(new ProfileExample(label, request, Map.of(), new ProfileExample.ExpectedError(
            expect.string("error"), expect.optString("field"), expect.optString("message"))));
      } else {
        expect.allowOnly(DEVICE_KEYS);
        examples.add(new ProfileExample(label, request, expected(expect), null));
      }
    }
    return examples;
  }

  private static DeviceRequest request(ProfileNode node) throws ProfileException {
    node.allowOnly(REQUEST_KEYS);
    Boolean lat = node.optBoolean("lat");
    return new DeviceRequest(node.object("ids").stringMap(), Boolean.TRUE.equals(lat), node.nullableString("os_version"),
        node.nullableString("model"), node.nullableString("device_ua"), node.nullableString("user_agent"),
        node.optBoolean("att"));
  }

  private static Map<String, Object> expected(ProfileNode node) throws ProfileException {
    Map<String, Object> expected = new LinkedHashMap<>();
    if (node.has("device_ids")) {
      expected.put("device_ids", node.object("device_ids").stringMap());
    }
    if (node.has("install_key")) {
      String key = node.string("install_key");
      if (key.indexOf('/') <= 0) {
        throw node.error("install_key", "must be written type/value (e.g. rida/fa73d67d-...), got '" + key + "'");
      }
      expected.put("install_key", key);
    }
    for (String key : List.of("device_ua", "device_ver")) {
      if (node.has(key)) {
        expected.put(key, node.nullableString(key));
      }
    }
    if (node.has("ua_source")) {
      String source = node.string("ua_source");
      if (Arrays.stream(UaSource.values()).noneMatch(s -> s.name().equals(source))) {
        throw node.error("ua_source", "must be one of " + Arrays.toString(UaSource.values()) + ", got '" + source + "'");
      }
      expected.put("ua_source", source);
    }
    if (node.has("limit_tracking")) {
      expected.put("limit_tracking", node.bool("limit_tracking", false));
    }
    if (expected.isEmpty()) {
      throw node.error("expects nothing: give at least one of " + DEVICE_KEYS + ", or an error");
    }
    return expected;
  }
}
