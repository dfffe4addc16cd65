package io.ctvgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.delivery.Delivery;
import io.ctvgateway.testing.FakeKochava;
import io.ctvgateway.testing.FakeKochava.Answer;
import io.ctvgateway.testing.GatewayTestBase;
import io.ctvgateway.testing.LogCapture;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the wire to Kochava must never do: follow a redirect (a POST turned into a body-less GET "delivers"
 * nothing), or let an upstream that trickles its answer hold an attempt past {@code timeout_ms}.
 */
@Timeout(60)
class UpstreamProtocolTest extends GatewayTestBase {

  @Override
  protected JsonObject configure(JsonObject config) {
    config.getJsonObject("upstream").put("timeout_ms", 300);
    config.getJsonObject("delivery").put("misconfigured_retry_ms", 50);
    return config;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {301, 302, 303, 307, 308})
  void aRedirectIsNeverFollowedNorCountedDeliveredButKeptAndRetried(int status) throws Exception {
    String rida = UUID.randomUUID().toString();
    // The redirect points at the fake itself, which answers anything else 200: following it would "deliver".
    kochava.script(Answer.redirect(status, kochava.url()));
    try (LogCapture log = LogCapture.of(Delivery.class)) {
      assertEquals(202, gateway.install("roku", UpstreamFailureTest.install(rida)).statusCode());
      gateway.await("delivered after the redirect", () -> gateway.gateway().deliveryStats().delivered() == 1);
      assertTrue(log.lines().stream().anyMatch(line -> line.startsWith("ERROR event=upstream_misconfigured")
          && line.contains("status=" + status)), String.valueOf(log.lines()));
    }
    List<FakeKochava.Received> attempts = kochava.attempts();
    assertEquals(2, attempts.size(), "the redirect, then the retry to the configured URL; nothing followed");
    assertTrue(attempts.stream().allMatch(r -> r.method().equals("POST") && r.body().contains(rida)));
    assertEquals(1, kochava.accepted().size());
    assertEquals(1, gateway.gateway().deliveryStats().misconfigured());
  }

  @Test
  void anAnswerTrickledPastTheTimeoutIsCutAndTheInstallRetried() throws Exception {
    String rida = UUID.randomUUID().toString();
    // About 40 bytes at one every 50 ms: two seconds in all, each byte well within any idle timeout.
    kochava.script(Answer.trickled(50));
    assertEquals(202, gateway.install("roku", UpstreamFailureTest.install(rida)).statusCode());
    gateway.await("delivered by the second attempt", () -> gateway.gateway().deliveryStats().delivered() == 1);
    assertEquals(2, kochava.attempts().size());
    assertEquals(1, gateway.gateway().deliveryStats().retried(), "the trickled attempt was cut, not completed");
    assertEquals(1, kochava.accepted().size(), "the trickled answer never finished");
  }
}
