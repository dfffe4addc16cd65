package io.ctvgateway.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worked example of {@code device-profiles/README.md} is a complete profile whose examples pass. */
class AuthorsGuideTest {

  @Test
  void workedExampleOfTheGuideLoadsWithItsExamplesPassing(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("acme.json"), workedExample());

    ProfileRegistry registry = ProfileRegistry.load(dir);

    ResolvedDevice device = registry.find("acme").orElseThrow().resolve(new DeviceRequest(
        java.util.Map.of("custom", "00FF00FF00FF00FF"), false, "4.2", null, null, "AcmeBrowser/4.2 (Acme)", null));
    assertEquals(UaSource.HEADER, device.uaSource());
    assertEquals("AcmeTV-AcmeOS-4.2.0", device.deviceVer());
  }

  private static String workedExample() throws IOException {
    String guide = Files.readString(RealProfiles.DIR.resolve("README.md"));
    int start = guide.indexOf("```json\n", guide.indexOf("## Worked example")) + "```json\n".length();
    return guide.substring(start, guide.indexOf("```", start));
  }
}
