package io.ctvgateway.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example of every shipped profile file, one test each: what the gateway also runs when it loads them. */
class ShippedProfileExamplesTest {

  static List<Arguments> examples() throws ProfileException {
    List<Arguments> cases = new ArrayList<>();
    for (Path file : ProfileDirectory.files(RealProfiles.DIR)) {
      LoadedProfile loaded = ProfileDirectory.read(file);
      for (ProfileExample example : loaded.examples()) {
        cases.add(Arguments.of(loaded.source(), example.label(), loaded.profile(), example));
      }
    }
    return cases;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("examples")
  void shippedExampleHolds(String file, String label, DeviceProfile profile, ProfileExample example) {
    assertEquals(List.of(), example.differences(profile));
  }
}
