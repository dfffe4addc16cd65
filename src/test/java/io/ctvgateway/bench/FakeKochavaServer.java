package io.ctvgateway.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Kochava's {@code /track/json} for the benchmarks, in a process of its own: every POST is read whole and
 * answered {@code 200 {"success":"1"}}; {@code GET /stats} answers how many POSTs were answered so far.
 * One event loop, so that it takes little of the machine from what is measured. Prints
 * {@code listening port=N}.
 */
public final class FakeKochavaServer {
  private static final Buffer OK = Buffer.buffer("{\"success\":\"1\"}");

  private FakeKochavaServer() {}

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
    LongAdder accepted = new LongAdder();
    var server = vertx.createHttpServer(new HttpServerOptions().setIdleTimeout(0))
        .requestHandler(request -> {
          if (request.path().equals("/stats")) {
            request.response().end(Long.toString(accepted.sum()));
            return;
          }
          request.body().onSuccess(body -> {
            accepted.increment();
            request.response().putHeader("Content-Type", "application/json").end(OK);
          });
        })
        .listen(port, "127.0.0.1")
        .await(10, TimeUnit.SECONDS);
    System.out.println("listening port=" + server.actualPort());
    System.out.flush();
    Future.<Void>future(p -> { }).await(); // until killed
  }
}
