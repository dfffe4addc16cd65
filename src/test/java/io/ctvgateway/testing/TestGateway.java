package io.ctvgateway.testing;

import io.ctvgateway.Gateway;
import io.ctvgateway.config.ConfigLoader;
import io.ctvgateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A gateway started in-process exactly as {@code Main} starts it (real profiles from {@code device-profiles/},
 * a real journal in a temp directory, real HTTP on port 0), pointed at a {@link FakeKochava}, and a client
 * to talk to it. Retry delays are shortened so that tests never wait long; nothing is mocked.
 */
public final class TestGateway implements AutoCloseable {
  private final Vertx vertx;
  private final Gateway gateway;
  private final WebClient client;

  private TestGateway(Vertx vertx, Gateway gateway) {
    this.vertx = vertx;
    this.gateway = gateway;
    this.client = WebClient.create(vertx);
  }

  /** Settings every test gateway has; {@code overrides} is merged on top. */
  public static JsonObject config(Path dataDir, String upstreamUrl) {
    return new JsonObject()
        .put("data_dir", dataDir.toString())
        .put("profiles_dir", "device-profiles")
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0).put("instances", 2))
        .put("admin", new JsonObject().put("port", 0))
        .put("upstream", new JsonObject().put("url", upstreamUrl).put("timeout_ms", 2_000))
        .put("delivery", new JsonObject()
            .put("initial_backoff_ms", 20)
            .put("max_backoff_ms", 200)
            .put("breaker_open_ms", 50)
            .put("breaker_max_open_ms", 200)
            .put("throttle_floor_ms", 50))
        .put("journal", new JsonObject().put("checkpoint_interval_ms", 50).put("min_free_disk_bytes", 0))
        // Tests about other things use whatever app ids they like; AppAccessTest turns the registry back on.
        .put("access", new JsonObject().put("unknown_apps", "accept"))
        // Tests send thousands of requests from one address: RateLimitTest turns the limits back on.
        .put("limits", new JsonObject().put("mode", "off"));
  }

  /** Starts a gateway reporting to {@code metrics} (a registry with the JVM binders, as in production). */
  public static TestGateway start(Vertx vertx, JsonObject config, io.ctvgateway.metrics.GatewayMetrics metrics)
      throws Exception {
    GatewayConfig parsed = ConfigLoader.fromJson(config, Map.of(), new Properties());
    Gateway gateway = Gateway.start(vertx, parsed, Clock.systemUTC(), metrics).await(30, TimeUnit.SECONDS);
    return new TestGateway(vertx, gateway);
  }

  public static TestGateway start(Vertx vertx, JsonObject config) throws Exception {
    GatewayConfig parsed = ConfigLoader.fromJson(config, Map.of(), new Properties());
    Gateway gateway = Gateway.start(vertx, parsed, Clock.systemUTC()).await(30, TimeUnit.SECONDS);
    return new TestGateway(vertx, gateway);
  }

  public Gateway gateway() {
    return gateway;
  }

  /** The client this gateway's requests are sent with (for other ports of the same gateway, say admin). */
  public WebClient client() {
    return client;
  }

  public int port() {
    return gateway.httpPort();
  }

  /** POSTs {@code body} as JSON to {@code /v1/{platform}/install} and waits for the answer. */
  public HttpResponse<Buffer> install(String platform, JsonObject body) throws Exception {
    return post("/v1/" + platform + "/install", Map.of("Content-Type", "application/json"), Buffer.buffer(body.encode()));
  }

  public HttpResponse<Buffer> post(String path, Map<String, String> headers, Buffer body) throws Exception {
    var request = client.post(port(), "127.0.0.1", path);
    headers.forEach(request::putHeader);
    return request.sendBuffer(body).await(10, TimeUnit.SECONDS);
  }

  /** Waits until {@code condition} holds (checked every 5 ms on a Vert.x timer), or fails after 20 s. */
  public void await(String what, BooleanSupplier condition) throws Exception {
    Conditions.await(vertx, what, condition);
  }

  @Override
  public void close() throws Exception {
    client.close();
    gateway.stop().await(30, TimeUnit.SECONDS);
  }

  public Vertx vertx() {
    return vertx;
  }
}
