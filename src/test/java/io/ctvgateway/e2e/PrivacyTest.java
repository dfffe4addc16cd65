package io.ctvgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.testing.FakeKochava.Answer;
import io.ctvgateway.testing.GatewayTestBase;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An identifier the gateway does not forward is not stored either: not in the journal, not in dead letters. */
@Timeout(60)
class PrivacyTest extends GatewayTestBase {
  private Path data;

  @Override
  protected JsonObject configure(JsonObject config) {
    data = Path.of(config.getString("data_dir"));
    return config;
  }

  private boolean anyFileContains(String... needles) throws Exception {
    return io.ctvgateway.testing.DataFiles.anyContains(data, needles);
  }

  @Test
  void theRidaOfALimitAdTrackingRokuIsNeitherForwardedNorStoredEvenInADeadLetter() throws Exception {
    kochava.script(Answer.status(400, "{\"error\":\"bad\"}")); // a dead letter keeps the original request
    String rida = UUID.randomUUID().toString();
    String channelClientId = UUID.randomUUID().toString().replace("-", "");
    JsonObject install = new JsonObject().put("app_id", "koctv-privacy")
        .put("ids", new JsonObject().put("channel_client_id", channelClientId).put("rida", rida))
        .put("lat", true).put("os_version", "12.0.0.4186").put("model", "3920X");
    assertEquals(202, gateway.install("roku", install).statusCode());
    gateway.await("dead-lettered", () -> gateway.gateway().deliveryStats().deadLettered() == 1);

    assertFalse(kochava.attempts().get(0).body().contains(rida), "not forwarded (lat)");
    assertFalse(anyFileContains(rida, rida.replace("-", "")), "not stored anywhere under data_dir");
    assertTrue(anyFileContains(channelClientId), "the forwarded id is kept until delivery, as documented");
    List<io.ctvgateway.delivery.DeadLetters.Entry> letters = gateway.gateway().deadLetters().list(0, 10)
        .await(10, java.util.concurrent.TimeUnit.SECONDS);
    assertTrue(letters.get(0).letter().install().original().contains("[not stored: not forwarded]"),
        letters.get(0).letter().install().original());
  }
}
