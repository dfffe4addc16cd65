package io.ctvgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.ctvgateway.dedupe.KeyHash;
import io.ctvgateway.dedupe.LedgerKey;
import io.ctvgateway.profile.InstallKey;
import io.ctvgateway.testing.GatewayTestBase;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** With ledger.key_secret, install keys are HMACs: not recomputable from a device id without the secret. */
@Timeout(60)
class KeyedLedgerTest extends GatewayTestBase {
  private static final String SECRET = "deployment-secret-0123456789";

  @Override
  protected JsonObject configure(JsonObject config) {
    return config.put("ledger", new JsonObject().put("key_secret", SECRET));
  }

  @Test
  void keysAreKeyedHashesAndDeDuplicationStillHolds() throws Exception {
    String rida = UUID.randomUUID().toString();
    JsonObject install = new JsonObject().put("app_id", "koctv-keyed").put("ids", new JsonObject().put("rida", rida))
        .put("os_version", "12.0.0.4186").put("model", "3920X").put("lat", false);
    assertEquals(202, gateway.install("roku", install).statusCode());
    assertEquals(200, gateway.install("roku", install).statusCode(), "still a duplicate");
    gateway.await("delivered", () -> kochava.accepted().size() == 1);
    String sent = kochava.accepted().get(0).json().getString("kochava_device_id");

    InstallKey key = new InstallKey("rida", rida.toLowerCase(java.util.Locale.ROOT));
    LedgerKey keyed = KeyHash.keyed(SECRET).device("koctv-keyed", "roku", key);
    LedgerKey plain = LedgerKey.of("koctv-keyed", "roku", key);
    assertEquals("KG" + keyed.hex(), sent, "the derived device id comes from the keyed hash");
    assertNotEquals("KG" + plain.hex(), sent, "and cannot be recomputed from the RIDA without the secret");
    assertNotEquals(keyed, KeyHash.keyed(SECRET + "x").device("koctv-keyed", "roku", key));
  }
}
