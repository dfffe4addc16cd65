package io.ctvgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.install.Intake;
import io.ctvgateway.testing.FakeKochava;
import io.ctvgateway.testing.GatewayTestBase;
import io.ctvgateway.testing.LogCapture;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** IdentityLink: journaled, after the device's install, delivered to its own URL, once per device, name and value. */
class IdentityLinkTest extends GatewayTestBase {
  private final AtomicBoolean down = new AtomicBoolean(true);

  @Override
  protected JsonObject configure(JsonObject config) {
    String base = config.getJsonObject("upstream").getString("url").replace("/track/json", "");
    config.getJsonObject("upstream").put("identity_link_url", base + "/v1/cpi/identityLink.php");
    return config;
  }

  private HttpResponse<Buffer> identity(JsonObject body) throws Exception {
    return gateway.post("/v1/roku/identity", Map.of("Content-Type", "application/json"), Buffer.buffer(body.encode()));
  }

  @Test
  void anIdentityLinkReachesItsPathAfterTheInstallOnceAndARepeatIsADuplicate() throws Exception {
    kochava.otherwise(r -> down.get() ? FakeKochava.Answer.status(503, "down") : FakeKochava.Answer.ok());
    String rida = UUID.randomUUID().toString();
    JsonObject device = new JsonObject().put("app_id", "koctv-identity").put("ids", new JsonObject().put("rida", rida))
        .put("os_version", "12.0.0.4186").put("model", "3920X");
    try (LogCapture log = LogCapture.of(Intake.class)) {
      assertEquals(202, gateway.install("roku", device).statusCode());
      HttpResponse<Buffer> linked = identity(device.copy().put("identities", new JsonObject().put("user_id", "u-2718281828")));
      assertEquals(202, linked.statusCode(), linked.bodyAsString());
      assertEquals("accepted", linked.bodyAsJsonObject().getJsonArray("results").getJsonObject(0).getString("status"));
      down.set(false);
      gateway.await("both delivered", () -> kochava.accepted().size() == 2);
      assertTrue(log.lines().stream().noneMatch(line -> line.contains("u-2718281828")), "values are never logged");
    }
    List<FakeKochava.Received> accepted = kochava.accepted();
    assertEquals("/track/json", accepted.get(0).path(), "the install first");
    assertEquals("/v1/cpi/identityLink.php", accepted.get(1).path());
    assertEquals(new JsonObject().put("kochava_app_id", "koctv-identity").put("device_id", new JsonObject().put("rida", rida))
        .put("data", new JsonObject().put("user_id", "u-2718281828")), accepted.get(1).json());

    HttpResponse<Buffer> again = identity(device.copy().put("identities", new JsonObject().put("user_id", "u-2718281828")));
    assertEquals(200, again.statusCode(), again.bodyAsString());
    assertEquals("duplicate", again.bodyAsJsonObject().getJsonArray("results").getJsonObject(0).getString("status"));
    HttpResponse<Buffer> other = identity(device.copy().put("identities", new JsonObject().put("user_id", "u-2718281828")
        .put("email_sha256", "3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b")));
    assertEquals(202, other.statusCode(), "one new pair in the request");
    gateway.await("the new pair delivered", () -> kochava.accepted().size() == 3);
    Thread.sleep(200);
    assertEquals(3, kochava.accepted().size(), "the repeated pair is not sent again");
  }

  @Test
  void identitiesAreCheckedAndTheirValuesNeverEchoed() throws Exception {
    JsonObject device = new JsonObject().put("app_id", "koctv-identity")
        .put("ids", new JsonObject().put("rida", UUID.randomUUID().toString()));
    HttpResponse<Buffer> none = identity(device.copy());
    assertEquals(400, none.statusCode());
    assertEquals("identities", none.bodyAsJsonObject().getJsonObject("error").getString("field"));
    JsonObject eleven = new JsonObject();
    for (int i = 0; i < 11; i++) {
      eleven.put("id" + i, "v" + i);
    }
    assertEquals(400, identity(device.copy().put("identities", eleven)).statusCode());
    HttpResponse<Buffer> bad = identity(device.copy().put("identities", new JsonObject().put("user_id", "secret\u0001value")));
    assertEquals("identities.user_id", bad.bodyAsJsonObject().getJsonObject("error").getString("field"));
    assertTrue(!bad.bodyAsString().contains("secret"), bad.bodyAsString());
  }
}
