package io.ctvgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.testing.FakeKochava.Answer;
import io.ctvgateway.testing.GatewayTestBase;
import io.vertx.core.json.JsonObject;
import io.ctvgateway.testing.FakeKochava;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A throttling Kochava slows the whole pipe and costs no install its attempts. */
@Timeout(60)
class ThrottlingTest extends GatewayTestBase {

  @Override
  protected JsonObject configure(JsonObject config) {
    config.getJsonObject("delivery").put("max_attempts", 2).put("throttle_floor_ms", 200).put("max_backoff_ms", 400);
    return config;
  }

  @Test
  void throttledWithRetryAfterZeroNothingIsDeadLetteredAndThePipeWaitsTheFloor() throws Exception {
    AtomicBoolean throttling = new AtomicBoolean(true);
    kochava.otherwise(received -> throttling.get() ? new Answer(429, "{\"error\":\"slow down\"}", "0", 0) : Answer.ok());
    for (int i = 0; i < 5; i++) {
      assertEquals(202, gateway.install("roku", UpstreamFailureTest.install(UUID.randomUUID().toString())).statusCode());
    }
    // Far more 429s than max_attempts allows per install (2), and the installs are still kept.
    gateway.await("a dozen throttled sends", () -> kochava.attempts().size() >= 12);
    List<FakeKochava.Received> throttled = kochava.attempts();
    assertEquals(0, gateway.gateway().deliveryStats().deadLettered());
    throttling.set(false);
    gateway.await("all five delivered", () -> gateway.gateway().deliveryStats().delivered() == 5);
    assertEquals(0, gateway.gateway().deliveryStats().deadLettered());
    assertEquals(5, kochava.accepted().size());
    assertTrue(gateway.gateway().deliveryStats().throttled() >= 12);
    // After the first burst (five in flight at once), one probe per hold of at least the floor: Retry-After: 0
    // does not make a busy loop.
    for (int i = 6; i < 12; i++) {
      long gapMs = TimeUnit.NANOSECONDS.toMillis(throttled.get(i).nanos() - throttled.get(i - 1).nanos());
      assertTrue(gapMs >= 190, "send " + i + " came " + gapMs + " ms after the one before");
    }
  }
}
