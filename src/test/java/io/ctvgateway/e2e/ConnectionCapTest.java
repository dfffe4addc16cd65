package io.ctvgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ctvgateway.testing.GatewayTestBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One address cannot hold more than its share of connections, and another address still gets in. Blocking
 * sockets, read for end-of-stream: a connection the server closed reads as closed whenever we look, so the
 * count does not depend on who was faster.
 */
@Timeout(60)
class ConnectionCapTest extends GatewayTestBase {

  @Override
  protected JsonObject configure(JsonObject config) {
    config.getJsonObject("http").put("max_connections_per_address", 3).put("header_deadline_ms", 30_000);
    return config;
  }

  private static boolean closedByServer(Socket socket) throws IOException {
    socket.setSoTimeout(1_000);
    try {
      return socket.getInputStream().read() < 0;
    } catch (SocketTimeoutException e) {
      return false; // still open: nothing to read, no end of stream
    } catch (IOException e) {
      return true; // reset
    }
  }

  @Test
  void connectionsPastThePerAddressCapAreClosedAndAnotherAddressIsServed() throws Exception {
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), gateway.port());
        socket.getOutputStream().write('P'); // open, its request far from complete
        sockets.add(socket);
      }
      int closed = 0;
      for (Socket socket : sockets) {
        closed += closedByServer(socket) ? 1 : 0;
      }
      assertEquals(2, closed, "the two past the cap of three are closed, the three within it stay open");

      // 127.0.0.2 is another client address on the loopback network.
      WebClient other = WebClient.create(vertx, new WebClientOptions().setLocalAddress("127.0.0.2"));
      JsonObject install = new JsonObject().put("app_id", "koctv-caps")
          .put("ids", new JsonObject().put("rida", UUID.randomUUID().toString()))
          .put("os_version", "12.0.0.4186").put("model", "3920X");
      assertEquals(202, other.post(gateway.port(), "127.0.0.1", "/v1/roku/install").sendJsonObject(install)
          .await(10, TimeUnit.SECONDS).statusCode());
    } finally {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }
}
