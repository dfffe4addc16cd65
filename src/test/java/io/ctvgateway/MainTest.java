package io.ctvgateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.logging.LogSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The command line is parsed strictly: nothing unknown ever starts the server on its defaults. */
class MainTest {

  @Test
  void helpAndVersionAreCommandsOfTheirOwn() throws Exception {
    assertEquals("help", Main.parse(List.of("--help"), Map.of()).name());
    assertEquals("help", Main.parse(List.of("-h"), Map.of()).name());
    assertEquals("version", Main.parse(List.of("--version"), Map.of()).name());
    assertEquals("profiles", Main.parse(List.of("profiles", "check", "dir"), Map.of()).name());
    assertEquals(List.of("check", "dir"), Main.parse(List.of("profiles", "check", "dir"), Map.of()).operands());
    assertEquals("health", Main.parse(List.of("health"), Map.of()).name());
    assertEquals("drain", Main.parse(List.of("drain", "--config=x.json"), Map.of()).name());
    assertEquals("ledger-copy", Main.parse(List.of("ledger", "copy-to-redis", "--config", "x.json"), Map.of()).name());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "check                 | unknown argument 'check'",
      "profile check         | unknown argument 'profile'",
      "--config              | --config needs a file name",
      "--config=             | --config needs a file name",
      "--verbose             | unknown argument '--verbose'",
      "-h extra              | unknown argument '-h'",
      "profiles              | profiles takes: check [DIR]",
      "profiles chek         | profiles takes: check [DIR]",
      "profiles check a b    | profiles takes: check [DIR]",
      "ledger                | ledger takes: copy-to-redis",
      "--config a --config b | --config is given twice",
      "health --port 1       | unknown argument '--port'"})
  void anythingUnknownIsAUsageError(String line, String message) {
    Main.UsageException e = assertThrows(Main.UsageException.class,
        () -> Main.parse(List.of(line.split(" ")), Map.of()));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void theConfigFlagWinsOverTheEnvironmentWhichWinsOverTheDefault() throws Exception {
    Map<String, String> env = Map.of("CTVGW_CONFIG", "/etc/from-env.json");
    assertEquals(Path.of("flag.json"), Main.parse(List.of("--config", "flag.json"), env).config());
    assertEquals(Path.of("flag.json"), Main.parse(List.of("--config=flag.json"), env).config());
    assertEquals(Path.of("/etc/from-env.json"), Main.parse(List.of(), env).config());
    assertEquals(Path.of("conf", "gateway.json"), Main.parse(List.of(), Map.of()).config());
    assertEquals(Path.of("conf", "gateway.json"), Main.parse(List.of(), Map.of("CTVGW_CONFIG", " ")).config());
  }

  @Test
  void logSettingsAreCheckedBeforeAnythingLogs() {
    assertNull(LogSettings.problem(Map.of()));
    assertNull(LogSettings.problem(Map.of("CTVGW_LOG_LEVEL", "debug", "CTVGW_LOG_FORMAT", "json")));
    assertEquals("CTVGW_LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF, got 'TRACEX'",
        LogSettings.problem(Map.of("CTVGW_LOG_LEVEL", "TRACEX")));
    assertEquals("CTVGW_LOG_FORMAT must be one of logfmt, json, got 'text'",
        LogSettings.problem(Map.of("CTVGW_LOG_FORMAT", "text")));
  }
}
