package io.ctvgateway.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 1's baseline: the least a Vert.x 5 server can do for an install. One verticle per core (as the
 * gateway deploys its ingest servers) on one port; each reads the body, parses it as JSON (as the gateway
 * must), and answers 202 with a receipt-sized JSON body. No validation, no journal, no delivery. Prints
 * {@code listening port=N}.
 */
public final class BaselineServer extends VerticleBase {
  private final int port;
  private HttpServer server;

  private BaselineServer(int port) {
    this.port = port;
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      JsonObject install = new JsonObject(body);
      String receipt = install.getString("app_id") == null ? "none" : UUID.randomUUID().toString();
      request.response()
          .setStatusCode(202)
          .putHeader("Content-Type", "application/json")
          .end(Buffer.buffer("{\"status\":\"accepted\",\"receipt\":\"" + receipt + "\"}"));
    }));
    return server.listen(port, "127.0.0.1");
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(() -> new BaselineServer(port),
            new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors()))
        .await(10, TimeUnit.SECONDS);
    System.out.println("listening port=" + port);
    System.out.flush();
    Future.<Void>future(p -> { }).await(); // until killed
  }
}
