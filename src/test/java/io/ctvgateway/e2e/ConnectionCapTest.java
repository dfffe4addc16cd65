package io.ctvgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ctvgateway.testing.GatewayTestBase;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One address cannot hold more than its share of connections; another address still gets in. */
@Timeout(60)
class ConnectionCapTest extends GatewayTestBase {

  @Override
  protected JsonObject configure(JsonObject config) {
    config.getJsonObject("http").put("max_connections_per_address", 3).put("header_deadline_ms", 30_000);
    return config;
  }

  @Test
  void connectionsPastThePerAddressCapAreClosedAndAnotherAddressIsServed() throws Exception {
    NetClient fromOne = vertx.createNetClient(new NetClientOptions().setLocalAddress("127.0.0.1"));
    AtomicInteger closed = new AtomicInteger();
    List<Future<NetSocket>> sockets = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sockets.add(fromOne.connect(gateway.port(), "127.0.0.1").onSuccess(socket -> {
        socket.closeHandler(v -> closed.incrementAndGet());
        socket.write("P"); // a byte: the connection is open, its request far from complete
      }));
      Future.join(sockets).await(10, TimeUnit.SECONDS);
    }
    gateway.await("the two past the cap closed", () -> closed.get() == 2);

    // 127.0.0.2 is another client address on the loopback network.
    var other = io.vertx.ext.web.client.WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions()
        .setLocalAddress("127.0.0.2"));
    JsonObject install = new JsonObject().put("app_id", "koctv-caps")
        .put("ids", new JsonObject().put("rida", UUID.randomUUID().toString()))
        .put("os_version", "12.0.0.4186").put("model", "3920X");
    assertEquals(202, other.post(gateway.port(), "127.0.0.1", "/v1/roku/install").sendJsonObject(install)
        .await(10, TimeUnit.SECONDS).statusCode());
    assertEquals(2, closed.get(), "the three within the cap stay open");
  }
}
