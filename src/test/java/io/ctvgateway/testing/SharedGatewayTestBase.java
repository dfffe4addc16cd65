package io.ctvgateway.testing;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One gateway for all the tests of a class (table-driven classes whose cases use distinct devices): Vert.x, a
 * {@link FakeKochava} and a {@link TestGateway}, started once and closed after the last test. A test class
 * adjusts the configuration by overriding {@link #configure}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SharedGatewayTestBase {
  protected Vertx vertx;
  protected FakeKochava kochava;
  protected TestGateway gateway;

  /** The class's configuration: {@code config} is {@link TestGateway#config}; change it and return it. */
  protected JsonObject configure(JsonObject config) {
    return config;
  }

  @BeforeAll
  void startGateway(@TempDir Path data) throws Exception {
    vertx = Vertx.vertx();
    kochava = FakeKochava.start(vertx);
    gateway = TestGateway.start(vertx, configure(TestGateway.config(data, kochava.url())));
  }

  @AfterAll
  void stopGateway() throws Exception {
    gateway.close();
    vertx.close().await();
  }
}
