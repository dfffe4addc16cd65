package io.ctvgateway.admin;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.ctvgateway.http.StrictHttp;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The admin HTTP server: one instance, its own port (loopback by default). */
public final class AdminVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(AdminVerticle.class);
  private final AdminRoutes.Deps deps;
  private HttpServer server;

  public AdminVerticle(AdminRoutes.Deps deps) {
    this.deps = deps;
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false))
        .requestHandler(StrictHttp.guard(AdminRoutes.routes(vertx, deps)))
        .invalidRequestHandler(StrictHttp::invalid)
        .webSocketHandshakeHandler(StrictHttp::noWebSockets)
        .exceptionHandler(failure -> LOG.debug("event=connection_failed cause={}", failure.toString()));
    return server.listen(deps.config().port(), deps.config().host());
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.shutdown(5, TimeUnit.SECONDS);
  }

  public AdminRoutes.Deps deps() {
    return deps;
  }

  public int port() {
    return server.actualPort();
  }
}
