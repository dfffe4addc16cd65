package io.ctvgateway.ingest;

import io.ctvgateway.config.HttpConfig;
import io.ctvgateway.http.SlowClients;
import io.ctvgateway.http.StrictHttp;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance of the TV-facing HTTP server; the gateway deploys one per core, all on the same port.
 * {@link #stop()} shuts the server down gracefully: requests in flight get {@code shutdown_grace_ms} to end.
 */
public final class IngestVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(IngestVerticle.class);
  private final IngestRoutes.Deps deps;
  private final int listenPort;
  private HttpServer server;
  private long lagProbe = -1;

  /**
   * @param listenPort what the server listens on: {@code http.port}, or for port 0 a negative number that is the
   *     same for every instance of one gateway and different from any other gateway's in the process (see
   *     {@link #listenPort})
   */
  public IngestVerticle(IngestRoutes.Deps deps, int listenPort) {
    this.deps = deps;
    this.listenPort = listenPort;
  }

  private static final AtomicInteger RANDOM_PORT_GROUPS = new AtomicInteger();

  /**
   * What the instances of one gateway listen on for {@code configured}: the port itself, or for 0 (tests, the
   * bench, an orchestrator that assigns none) a negative port, Vert.x's "one random port shared by every server
   * listening on this same negative number", a new number per gateway (two gateways in one process must not
   * share). With 0 itself each instance bound a random port of its own and only the first one's was announced, so
   * one event loop served every connection while the others idled: the benchmark's ingest ran on one core of two
   * (JFR: 79% of the gateway's samples on one loop, 0.4% on the other).
   */
  public static int listenPort(int configured) {
    return configured == 0 ? -RANDOM_PORT_GROUPS.incrementAndGet() : configured;
  }

  @Override
  public Future<?> start() {
    HttpConfig http = deps.http();
    SlowClients slow = new SlowClients(vertx, deps.connections(), http.headerDeadlineMs(), http.requestDeadlineMs(),
        http.keepAliveMs());
    server = vertx.createHttpServer(new HttpServerOptions()
            .setHost(http.host())
            .setPort(listenPort)
            // Vert.x's own idle timeout only backs up SlowClients' keep-alive deadline, which governs.
            .setIdleTimeout((int) (http.keepAliveMs() / 1000) + 5)
            .setCompressionSupported(false)
            // h2c (HTTP/2 over cleartext, by upgrade or prior knowledge) is off: TVs speak HTTP/1.1, and one
            // protocol is one set of framing rules to defend. HTTP/2 belongs on the TLS terminator in front.
            .setHttp2ClearTextEnabled(false))
        .connectionHandler(slow::onConnection)
        .requestHandler(slow.guard(StrictHttp.guard(IngestRoutes.routes(vertx, deps))))
        .invalidRequestHandler(StrictHttp::invalid)
        .webSocketHandshakeHandler(StrictHttp::noWebSockets)
        // A TV that drops its connection (mid-body, say) is the internet, not an error of ours.
        .exceptionHandler(failure -> LOG.debug("event=connection_failed cause={}", failure.toString()));
    lagProbe = io.ctvgateway.metrics.LoopLag.start(vertx, deps.stats().loopLag());
    return server.listen();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(lagProbe);
    return server == null ? Future.succeededFuture() : server.shutdown(deps.http().shutdownGraceMs(), TimeUnit.MILLISECONDS);
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return server.actualPort();
  }
}
