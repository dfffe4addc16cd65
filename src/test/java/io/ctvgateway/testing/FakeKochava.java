package io.ctvgateway.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real HTTP server standing in for Kochava's {@code /track/json}: records every request it gets and
 * answers from a script (default: 200 {"success":"1"}). Scripts can fail, throttle, stall or refuse.
 */
public final class FakeKochava {

  /** One request as received. */
  public record Received(String method, String path, MultiMap headers, String body, long nanos) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public String userAgent() {
      return headers.get("User-Agent");
    }
  }

  /**
   * A scripted answer; {@code stallMs > 0} answers after that delay, {@code -1} never answers;
   * {@code location} is sent as the {@code Location} header (redirects); {@code trickleMs > 0} sends the body
   * one byte every {@code trickleMs} (a slow or hostile upstream).
   */
  public record Answer(int status, String body, String retryAfter, long stallMs, String location, long trickleMs) {
    public Answer(int status, String body, String retryAfter, long stallMs) {
      this(status, body, retryAfter, stallMs, null, 0);
    }

    public static Answer ok() {
      return new Answer(200, "{\"success\":\"1\"}", null, 0);
    }

    public static Answer status(int status, String body) {
      return new Answer(status, body, null, 0);
    }

    /** {@code status} (a 3xx) pointing at {@code location}. */
    public static Answer redirect(int status, String location) {
      return new Answer(status, "", null, 0, location, 0);
    }

    /** A 200 success whose body arrives one byte every {@code everyMs}. */
    public static Answer trickled(long everyMs) {
      return new Answer(200, "{\"success\":\"1\",\"padding\":\"..........\"}", null, 0, null, everyMs);
    }
  }

  private final Vertx vertx;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Queue<Answer> script = new ConcurrentLinkedQueue<>();
  private volatile Function<Received, Answer> fallback = r -> Answer.ok();
  private HttpServer server;

  private FakeKochava(Vertx vertx) {
    this.vertx = vertx;
  }

  public static FakeKochava start(Vertx vertx) throws Exception {
    return start(vertx, 0);
  }

  /** Listens on {@code port} (0: any free port). */
  public static FakeKochava start(Vertx vertx, int port) throws Exception {
    FakeKochava fake = new FakeKochava(vertx);
    fake.server = vertx.createHttpServer()
        .requestHandler(fake::handle)
        // A client (the gateway) that resets a connection, e.g. when it is killed, is expected here.
        .exceptionHandler(failure -> { })
        .listen(port, "127.0.0.1")
        .await(10, TimeUnit.SECONDS);
    return fake;
  }

  /** A loopback port nothing listens on (yet): connections to it are refused. */
  public static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      Received got = new Received(request.method().name(), request.path(), MultiMap.caseInsensitiveMultiMap()
          .addAll(request.headers()), body.toString(), System.nanoTime());
      Answer answer = script.poll();
      if (answer == null) {
        answer = fallback.apply(got);
      }
      // Recorded only when answered 200: what Kochava "accepted" is what tests count.
      Answer chosen = answer;
      Runnable reply = () -> {
        var response = request.response().setStatusCode(chosen.status()).putHeader("Content-Type", "application/json");
        if (chosen.retryAfter() != null) {
          response.putHeader("Retry-After", chosen.retryAfter());
        }
        if (chosen.location() != null) {
          response.putHeader("Location", chosen.location());
        }
        String text = chosen.body() == null ? "" : chosen.body();
        if (chosen.trickleMs() > 0) {
          // Counted as accepted only if the whole body went out: a client that gave up closed the connection.
          response.putHeader("Content-Length", Integer.toString(text.length()));
          trickle(response, text, 0, chosen.trickleMs(), () -> received.add(got));
          return;
        }
        if (chosen.status() == 200) {
          received.add(got);
        }
        response.end(text);
      };
      attempts.add(got);
      if (chosen.stallMs() < 0) {
        return;
      }
      if (chosen.stallMs() > 0) {
        vertx.setTimer(chosen.stallMs(), id -> reply.run());
      } else {
        reply.run();
      }
    });
  }

  private final List<Received> attempts = new CopyOnWriteArrayList<>();

  private void trickle(io.vertx.core.http.HttpServerResponse response, String body, int sent, long everyMs,
      Runnable whole) {
    if (response.closed()) {
      return;
    }
    if (sent == body.length()) {
      response.end().onSuccess(v -> whole.run());
      return;
    }
    response.write(body.substring(sent, sent + 1));
    vertx.setTimer(everyMs, id -> trickle(response, body, sent + 1, everyMs, whole));
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/track/json";
  }

  public int port() {
    return server.actualPort();
  }

  /** Answers the next requests with these, in order, before falling back. */
  public FakeKochava script(Answer... answers) {
    script.addAll(List.of(answers));
    return this;
  }

  /** The answer once the script is used up. */
  public FakeKochava otherwise(Function<Received, Answer> answer) {
    this.fallback = answer;
    return this;
  }

  /** Requests answered 200 (what Kochava accepted). */
  public List<Received> accepted() {
    return new ArrayList<>(received);
  }

  /** Every request, whatever it was answered. */
  public List<Received> attempts() {
    return new ArrayList<>(attempts);
  }

  public Future<Void> close() {
    return server.close();
  }
}
