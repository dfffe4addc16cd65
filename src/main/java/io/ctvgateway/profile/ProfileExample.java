package io.ctvgateway.profile;

import io.vertx.core.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One self-test of a profile file ({@code examples[]}): a request and what the profile must make of it, either
 * some of the outcome's fields or an error. The gateway runs every example when it loads a profile and refuses
 * the profile if one fails; {@code profiles check} prints the differences.
 *
 * @param label where the example is, for messages: {@code examples[2] "lat drops the RIDA"}
 * @param request the request, as the ingest layer would build it
 * @param expected outcome fields that must hold, by their file names ({@code device_ids}, {@code install_key},
 *     {@code device_ua}, {@code ua_source}, {@code device_ver}, {@code limit_tracking}); a null value means
 *     "none"; empty when an error is expected
 * @param error the expected error, or null when a device is expected
 */
record ProfileExample(String label, DeviceRequest request, Map<String, Object> expected, ExpectedError error) {

  /**
   * An expected {@link InvalidDeviceException}.
   *
   * @param code the error code
   * @param field the field it names, or null when not checked
   * @param message a part of the message, or null when not checked
   */
  record ExpectedError(String code, String field, String message) {
    ExpectedError {
      Objects.requireNonNull(code, "code");
    }
  }

  ProfileExample {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(request, "request");
    expected = new LinkedHashMap<>(expected); // may hold null values: "none"
  }

  /** What this example gets wrong on {@code profile}: one line per difference, empty when it passes. */
  List<String> differences(DeviceProfile profile) {
    ResolvedDevice device;
    try {
      device = profile.resolve(request);
    } catch (InvalidDeviceException e) {
      return errorDifferences(e);
    } catch (RuntimeException e) {
      return List.of(label + ": resolve failed: " + e);
    }
    if (error != null) {
      return List.of(label + ": expected error " + error.code() + ", got a device with install key "
          + show(installKey(device.installKey())));
    }
    Map<String, Object> actual = actual(device);
    List<String> differences = new ArrayList<>();
    expected.forEach((key, want) -> {
      Object got = actual.get(key);
      if (!Objects.equals(want, got)) {
        differences.add(label + ": " + key + ": expected " + show(want) + ", got " + show(got));
      }
    });
    return differences;
  }

  private List<String> errorDifferences(InvalidDeviceException e) {
    String got = e.code() + " on " + e.field() + ": " + e.getMessage();
    if (error == null) {
      return List.of(label + ": expected a device, got error " + got);
    }
    List<String> differences = new ArrayList<>();
    if (!error.code().equals(e.code())) {
      differences.add(label + ": error: expected " + error.code() + ", got " + got);
    }
    if (error.field() != null && !error.field().equals(e.field())) {
      differences.add(label + ": field: expected " + show(error.field()) + ", got " + show(e.field()));
    }
    if (error.message() != null && !e.getMessage().contains(error.message())) {
      differences.add(label + ": message: expected it to contain " + show(error.message()) + ", got "
          + show(e.getMessage()));
    }
    return differences;
  }

  static Map<String, Object> actual(ResolvedDevice device) {
    Map<String, Object> actual = new LinkedHashMap<>();
    actual.put("device_ids", device.deviceIds());
    actual.put("install_key", installKey(device.installKey()));
    actual.put("device_ua", device.deviceUa());
    actual.put("ua_source", device.uaSource().name());
    actual.put("device_ver", device.deviceVer());
    actual.put("limit_tracking", device.limitTracking());
    return actual;
  }

  /** Install keys as examples write them: {@code type/value}. */
  static String installKey(InstallKey key) {
    return key.type() + "/" + key.value();
  }

  private static String show(Object value) {
    return Json.encode(value);
  }
}
