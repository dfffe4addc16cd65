package io.ctvgateway.process;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stream of distinct Roku installs (one fresh RIDA each) sent to a gateway with a fixed number in flight,
 * over a keep-alive pool as large as that number. Every answer is recorded: a {@code 202} with its receipt is
 * an accepted install; any other answer, or a connection error, is not. Thread-safe: answers arrive on the
 * client's event loops.
 */
final class InstallStream {
  /** An HTTP answer other than 202 accepted. */
  record Answer(String rida, int status, String contentType, String body) {}

  private final WebClient client;
  private final int port;
  private final String appId;
  private final List<String> ridas;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger finished = new AtomicInteger();
  private final Map<String, String> accepted = new ConcurrentHashMap<>();
  private final Queue<Answer> others = new ConcurrentLinkedQueue<>();
  private final Queue<String> failedRidas = new ConcurrentLinkedQueue<>();
  private final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
  private final int mark;
  private final Promise<Void> marked = Promise.promise();
  private final Promise<Void> done = Promise.promise();

  private InstallStream(Vertx vertx, int port, String appId, int total, int inFlight, int mark) {
    // A killed gateway resets our connections: expected here, and seen through each request's failure.
    this.client = WebClient.wrap(vertx.httpClientBuilder()
        .with(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5_000))
        .with(new PoolOptions().setHttp1MaxSize(inFlight))
        .withConnectHandler(connection -> connection.exceptionHandler(failure -> { }))
        .build());
    this.port = port;
    this.appId = appId;
    List<String> ids = new ArrayList<>(total);
    for (int i = 0; i < total; i++) {
      ids.add(UUID.randomUUID().toString());
    }
    this.ridas = List.copyOf(ids);
    this.mark = mark;
  }

  /**
   * Starts sending {@code total} installs to {@code 127.0.0.1:port}, {@code inFlight} at a time;
   * {@link #markReached()} completes once {@code mark} of them were answered 202.
   */
  static InstallStream start(Vertx vertx, int port, String appId, int total, int inFlight, int mark) {
    InstallStream stream = new InstallStream(vertx, port, appId, total, inFlight, mark);
    for (int i = 0; i < inFlight; i++) {
      stream.sendNext();
    }
    return stream;
  }

  static JsonObject install(String appId, String rida) {
    return new JsonObject()
        .put("app_id", appId)
        .put("ids", new JsonObject().put("rida", rida))
        .put("os_version", "12.0.0.4186")
        .put("model", "3920X");
  }

  private void sendNext() {
    int i = next.getAndIncrement();
    if (i >= ridas.size()) {
      return;
    }
    String rida = ridas.get(i);
    client.post(port, "127.0.0.1", "/v1/roku/install")
        .putHeader("Content-Type", "application/json")
        .timeout(20_000)
        .sendBuffer(Buffer.buffer(install(appId, rida).encode()))
        .onComplete(answer -> {
          record(rida, answer);
          if (finished.incrementAndGet() == ridas.size()) {
            done.tryComplete();
          }
          sendNext();
        });
  }

  private void record(String rida, AsyncResult<HttpResponse<Buffer>> answer) {
    if (answer.failed()) {
      failedRidas.add(rida);
      errors.add(answer.cause());
      return;
    }
    HttpResponse<Buffer> response = answer.result();
    String body = response.bodyAsString();
    String receipt = response.statusCode() == 202 ? receiptOf(body) : null;
    if (receipt == null) {
      others.add(new Answer(rida, response.statusCode(), response.getHeader("Content-Type"), body));
      return;
    }
    accepted.put(rida, receipt);
    if (accepted.size() >= mark) {
      marked.tryComplete();
    }
  }

  /** The receipt of a well-formed 202 body, else null (a malformed 202 does not count as accepted). */
  private static String receiptOf(String body) {
    try {
      JsonObject json = new JsonObject(body);
      return "accepted".equals(json.getString("status")) ? json.getString("receipt") : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Completes once {@code mark} installs were answered 202. */
  Future<Void> markReached() {
    return marked.future();
  }

  /** Completes once every install got an answer or an error. */
  Future<Void> done() {
    return done.future();
  }

  /** Every install answered 202: RIDA to receipt. */
  Map<String, String> accepted() {
    return Map.copyOf(accepted);
  }

  /** HTTP answers other than a well-formed 202. */
  List<Answer> others() {
    return List.copyOf(others);
  }

  /** RIDAs whose request ended in a connection error or timeout (no answer). */
  Set<String> unanswered() {
    return Set.copyOf(failedRidas);
  }

  /** A few distinct connection errors, for reports. */
  List<String> errorSamples() {
    return errors.stream().map(String::valueOf).distinct().limit(5).toList();
  }

  List<String> ridas() {
    return ridas;
  }

  void close() {
    client.close();
  }
}
