package io.ctvgateway.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ctvgateway.dedupe.LedgerKey;
import io.ctvgateway.dedupe.Receipt;
import io.ctvgateway.install.AcceptedInstall;
import io.ctvgateway.install.OrderKey;
import io.ctvgateway.profile.InstallKey;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class DeadLetterTest {
  private final LedgerKey key = LedgerKey.of("koctv-app", "roku", new InstallKey("rida", "device-1"));
  private final AcceptedInstall install = new AcceptedInstall(Receipt.next(Clock.systemUTC()), "roku", "koctv-app",
      1_764_324_000_000L, "{\"action\":\"install\"}", "Roku/DVP-12.0", "{\"app_id\":\"koctv-app\"}", OrderKey.of(key), key);

  @Test
  void aDeadLetterRoundTripsWithTheInstallUnderReadableNames() {
    DeadLetter letter = new DeadLetter("rejected", 400, "{\"error\":\"bad\"}", 1, 1_764_324_100_000L, install, null);
    JsonObject json = new JsonObject(new String(letter.toBytes(), StandardCharsets.UTF_8));
    assertEquals("koctv-app", json.getJsonObject("install").getString("app_id"));
    assertEquals(install.receipt().toString(), json.getJsonObject("install").getString("receipt"));
    assertEquals(letter, DeadLetter.fromBytes(letter.toBytes()));
  }

  @Test
  void deadLettersWrittenByEarlierVersionsStillRead() {
    JsonObject legacy = new JsonObject()
        .put("reason", "max_attempts").put("status", 503).put("upstream_body", "busy").put("attempts", 100)
        .put("dead_at", 1_764_324_100_000L)
        .put("request", new JsonObject()
            .put("r", install.receipt().toString()).put("p", "roku").put("a", "koctv-app")
            .put("t", install.acceptedAtMillis()).put("b", install.body()).put("u", install.userAgent())
            .put("o", install.original()).put("k", key.hex()).put("l", key.hex()));
    DeadLetter read = DeadLetter.fromBytes(legacy.encode().getBytes(StandardCharsets.UTF_8));
    assertEquals(install, read.install());
    assertEquals("max_attempts", read.reason());
    assertEquals(100, read.attempts());
    assertNull(read.raw());
  }
}
