package io.ctvgateway.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.lang.management.ManagementFactory;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 1's baseline: the least a Vert.x 5 server can do for an install. One verticle per core (as the
 * gateway deploys its ingest servers) on one port; each reads the body, parses it as JSON (as the gateway
 * must), and answers 202 with a receipt-sized JSON body. No validation, no journal, no delivery. Prints
 * {@code listening port=N}. {@code GET /alloc} answers the heap bytes its threads allocated so far (the
 * allocation per request beside the gateway's).
 *
 * <p>With a second argument, a port, it is scenario 2's second reference instead: a <em>forwarder</em>, the
 * least a Vert.x gateway can do end to end. It parses the body, POSTs it unchanged to that port (the fake
 * Kochava) over a keep-alive pool, and answers 202 once the answer came, as nginx's proxy_pass does: no
 * journal, no ledger, no profile. What it delivers per second bounds what any gateway on this stack can.
 *
 * <p>With {@code -Dbaseline.router=true}, the same server answers through a Vert.x Web {@code Router} shaped like
 * the gateway's ingest routes (a first handler for every request, a {@code /v1/*} handler, then
 * {@code POST /v1/:platform/install} reading the platform from the path): beside the plain server in the same hour,
 * what the router costs a request (docs/benchmarks.md, issue 14's sixth session).
 */
public final class BaselineServer extends VerticleBase {
  private final int port;
  private final int forwardTo;
  private HttpServer server;
  private HttpClient upstream;

  private BaselineServer(int port, int forwardTo) {
    this.port = port;
    this.forwardTo = forwardTo;
  }

  @Override
  public Future<?> start() {
    if (forwardTo > 0) {
      upstream = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
          new PoolOptions().setHttp1MaxSize(32));
    }
    Handler<HttpServerRequest> handler = this::handle;
    if (Boolean.getBoolean("baseline.router")) {
      Router router = Router.router(vertx);
      router.route().handler(ctx -> {
        ctx.put("arrived", System.nanoTime());
        ctx.next();
      });
      router.route("/v1/*").handler(ctx -> {
        ctx.response().putHeader("Vary", "Origin");
        ctx.next();
      });
      router.post("/v1/:platform/install").handler(ctx -> {
        Objects.requireNonNull(ctx.pathParam("platform")); // read, as the gateway reads it for its profile
        handle(ctx.request());
      });
      router.get("/alloc").handler(ctx -> handle(ctx.request()));
      handler = router;
    }
    server = vertx.createHttpServer().requestHandler(handler);
    return server.listen(port, "127.0.0.1");
  }

  private void handle(HttpServerRequest request) {
    if (request.method() == HttpMethod.GET && request.path().equals("/alloc")) {
      request.response().end(Long.toString(allocated()));
      return;
    }
    request.body().onSuccess(body -> {
      JsonObject install = new JsonObject(body);
      String receipt = install.getString("app_id") == null ? "none" : UUID.randomUUID().toString();
      if (upstream == null) {
        accepted(request, receipt);
        return;
      }
      upstream.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(forwardTo)
              .setURI("/track/json").putHeader(HttpHeaders.CONTENT_TYPE, "application/json"))
          .compose(out -> out.send(body))
          .compose(answer -> answer.body())
          .onSuccess(answer -> accepted(request, receipt))
          .onFailure(failure -> request.response().setStatusCode(503).end());
    });
  }

  private static void accepted(HttpServerRequest request, String receipt) {
    request.response()
        .setStatusCode(202)
        .putHeader("Content-Type", "application/json")
        .end(Buffer.buffer("{\"status\":\"accepted\",\"receipt\":\"" + receipt + "\"}"));
  }

  /** Heap bytes allocated by all threads of this JVM so far (HotSpot's thread counters). */
  static long allocated() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getTotalThreadAllocatedBytes();
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int forwardTo = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    Vertx vertx = Vertx.vertx(new io.vertx.core.VertxOptions().setPreferNativeTransport(true)); // as the gateway
    vertx.deployVerticle(() -> new BaselineServer(port, forwardTo),
            new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors()))
        .await(10, TimeUnit.SECONDS);
    System.out.println("listening port=" + port);
    System.out.flush();
    Future.<Void>future(p -> { }).await(); // until killed
  }
}
