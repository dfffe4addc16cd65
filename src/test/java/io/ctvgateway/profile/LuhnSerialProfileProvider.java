package io.ctvgateway.profile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A code-backed profile, registered for tests through {@code META-INF/services}: an operator set-top box
 * ({@code luhn-stb}) whose apps send the box serial, 15 digits ending in a Luhn check digit. A profile file can
 * say "15 digits" but not "the last one is the Luhn check of the others": a mistyped or made-up serial must be
 * refused, not counted as a new device.
 */
public final class LuhnSerialProfileProvider implements DeviceProfileProvider {
  static final String ID = "luhn-stb";

  @Override
  public List<DeviceProfile> profiles() {
    return List.of(new LuhnSerialProfile());
  }

  static final class LuhnSerialProfile implements DeviceProfile {
    @Override
    public String id() {
      return ID;
    }

    @Override
    public ResolvedDevice resolve(DeviceRequest request) {
      for (String name : request.ids().keySet()) {
        if (!name.equals("serial")) {
          throw new InvalidDeviceException("unknown_id", "ids." + name,
              "ids." + name + " is not an identifier of this platform; accepted: serial");
        }
      }
      String serial = request.ids().get("serial");
      if (serial == null) {
        throw new InvalidDeviceException("no_usable_id", "ids", "no usable install identifier: send ids.serial");
      }
      if (!serial.matches("[0-9]{15}") || !luhnValid(serial)) {
        throw new InvalidDeviceException("invalid_format", "ids.serial",
            "ids.serial must be 15 digits ending in a Luhn check digit, got " + Quoted.of(serial));
      }
      Map<String, String> ids = new LinkedHashMap<>();
      ids.put("custom", serial);
      String ua = request.deviceUa() == null || request.deviceUa().isBlank() ? null : request.deviceUa();
      String deviceVer = request.osVersion() == null ? null
          : (request.model() == null ? "STB" : request.model()) + "-StbOS-" + request.osVersion();
      return new ResolvedDevice(ids, new InstallKey("serial", serial), ua, ua == null ? UaSource.NONE : UaSource.EXPLICIT,
          deviceVer, request.lat());
    }

    static boolean luhnValid(String digits) {
      int sum = 0;
      for (int i = 0; i < digits.length(); i++) {
        int d = digits.charAt(digits.length() - 1 - i) - '0';
        if (i % 2 == 1) {
          d *= 2;
          if (d > 9) {
            d -= 9;
          }
        }
        sum += d;
      }
      return sum % 10 == 0;
    }
  }
}
