package io.ctvgateway.testing;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh gateway for every test: Vert.x, a {@link FakeKochava} and a {@link TestGateway} on a temporary data
 * directory, closed after the test. A test class adjusts the configuration by overriding {@link #configure}.
 */
public abstract class GatewayTestBase {
  protected Vertx vertx;
  protected FakeKochava kochava;
  protected TestGateway gateway;

  /** The test's configuration: {@code config} is {@link TestGateway#config}; change it and return it. */
  protected JsonObject configure(JsonObject config) {
    return config;
  }

  @BeforeEach
  void startGateway(@TempDir Path data) throws Exception {
    vertx = Vertx.vertx();
    kochava = FakeKochava.start(vertx);
    gateway = TestGateway.start(vertx, configure(TestGateway.config(data, kochava.url())));
  }

  @AfterEach
  void stopGateway() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    vertx.close().await();
  }
}
