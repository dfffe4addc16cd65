package io.ctvgateway.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An open-loop load generator: requests leave at a fixed rate whatever the server does, and each latency is
 * measured from the request's <em>intended</em> send time (start + i / rate), so a stall is charged to every
 * request it delayed (no coordinated omission). A 1 ms timer on one event loop sends what is due; up to
 * {@code connections} keep-alive connections carry them, and requests beyond those wait in the client's queue
 * (their wait counts). wrk2 would do the same, but Debian does not package it.
 */
final class OpenLoop implements AutoCloseable {
  /** What one run measured. */
  record Result(long sent, long answered, long ok, long failed, double seconds, long p50Nanos, long p99Nanos,
      long p999Nanos, long maxNanos, long[] worstPerSecondMillis, long over50ms, long[] worstSendLagPerSecondMillis,
      long[] worstPoolWaitPerSecondMillis, long startEpochMillis, long[] worstFirstTwoSecondsPer100Millis) {
    double ratePerSecond() {
      return answered / seconds;
    }
  }

  private final Vertx vertx;
  private final HttpClient client;
  private final int connections;

  /** One event loop and one connection pool, kept from the warm-up run to the measured one. */
  OpenLoop(int port, int connections) {
    this.connections = connections;
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    this.client = vertx.createHttpClient(
        new HttpClientOptions().setKeepAlive(true).setDefaultHost("127.0.0.1").setDefaultPort(port),
        new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** By hand: {@code OpenLoop PORT RATE SECONDS [CONNECTIONS] [DUP_SHARE]}; a warm-up of 5 s first. */
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    double rate = Double.parseDouble(args[1]);
    int seconds = Integer.parseInt(args[2]);
    int connections = args.length > 3 ? Integer.parseInt(args[3]) : 64;
    double duplicates = args.length > 4 ? Double.parseDouble(args[4]) : 0.1;
    long runId = System.currentTimeMillis() / 1000 % 0xFFFF_FFFFL;
    Result r;
    try (OpenLoop loop = new OpenLoop(port, connections)) {
      loop.run(rate, 5, new Installs(runId, 200, duplicates));
      r = loop.run(rate, seconds, new Installs(runId, 201, duplicates));
    }
    System.out.println("worst latency per second, ms: " + Arrays.toString(r.worstPerSecondMillis()));
    System.out.printf("%s%np50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms, %.0f/s%n", r, r.p50Nanos() / 1e6,
        r.p99Nanos() / 1e6, r.p999Nanos() / 1e6, r.maxNanos() / 1e6, r.ratePerSecond());
  }

  /**
   * A closed loop through this generator's own client, for warming a server up: every connection carries one
   * request after another for {@code seconds}. The server's JIT then compiles its paths for this client's requests,
   * whose headers differ from wrk's (a request of a new shape can cost compiled code: docs/benchmarks.md), and a
   * closed loop cannot dig a queue while the JIT is still at work. Answers how many were answered.
   */
  long closedLoop(int seconds, Installs traffic) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    AtomicLong answered = new AtomicLong();
    CountDownLatch done = new CountDownLatch(connections);
    vertx.runOnContext(v -> {
      for (int i = 0; i < connections; i++) {
        nextClosed(end, traffic, answered, done);
      }
    });
    if (!done.await(seconds + 30L, TimeUnit.SECONDS)) {
      throw new IllegalStateException("closed loop: answers still missing 30 s after its end");
    }
    return answered.get();
  }

  private void nextClosed(long end, Installs traffic, AtomicLong answered, CountDownLatch done) {
    if (System.nanoTime() >= end) {
      done.countDown();
      return;
    }
    Installs.Request request = traffic.next(); // on this generator's one event loop only
    client.request(post(request))
        .compose(req -> req.send(request.body()))
        .compose(response -> response.body())
        .onComplete(ar -> {
          answered.incrementAndGet();
          nextClosed(end, traffic, answered, done);
        });
  }

  private static RequestOptions post(Installs.Request request) {
    return new RequestOptions().setMethod(HttpMethod.POST).setURI(request.path())
        .putHeader("Content-Type", "application/json");
  }

  /** Sends {@code rate} requests a second for {@code seconds}, then waits up to 10 s for the last answers. */
  Result run(double rate, int seconds, Installs traffic) throws Exception {
    int total = (int) (rate * seconds);
    long[] latencies = new long[total];
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    CountDownLatch answered = new CountDownLatch(total);
    long intervalNanos = (long) (1e9 / rate);
    Installs.Request[] requests = new Installs.Request[total];
    for (int i = 0; i < total; i++) {
      requests[i] = traffic.next();
    }
    // The requests (~80 MB at 8,000/s for 20 s) live for the whole run. Left in the young generation, every young
    // GC copies them again, and those pauses (50-115 ms, measured with -Xlog:gc) stall this generator's event
    // loop in the run's first seconds, which the latencies (measured from each request's intended send time)
    // then blame on the server. One full GC before the clock starts moves them out of the way.
    System.gc();
    long[] sent = {0};
    // How late this generator itself sent each request (its event loop or timer running behind): a stall here is
    // the generator's, not the server's, though the latencies (from the intended time) would include it.
    long[] sendLag = new long[seconds];
    long[] poolWait = new long[seconds];
    long start = System.nanoTime() + 5_000_000;
    long startEpochMillis = System.currentTimeMillis() + 5;
    vertx.runOnContext(v -> vertx.setPeriodic(1, 1, id -> {
      long now = System.nanoTime();
      while (sent[0] < total && start + sent[0] * intervalNanos <= now) {
        int i = (int) sent[0]++;
        long intended = start + i * intervalNanos;
        int second = (int) Math.min(seconds - 1, (long) i * intervalNanos / 1_000_000_000L);
        sendLag[second] = Math.max(sendLag[second], (now - intended) / 1_000_000);
        Installs.Request request = requests[i];
        client.request(post(request))
            .compose(req -> {
              // How long the client's pool took to hand this request a connection, worst per second.
              poolWait[second] = Math.max(poolWait[second], (System.nanoTime() - intended) / 1_000_000);
              return req.send(request.body());
            })
            .compose(response -> response.body().map(body -> response.statusCode()))
            .onComplete(ar -> {
              latencies[i] = System.nanoTime() - intended;
              if (ar.succeeded() && ar.result() / 100 == 2) {
                ok.incrementAndGet();
              } else {
                failed.incrementAndGet();
              }
              answered.countDown();
            });
      }
      if (sent[0] >= total) {
        vertx.cancelTimer(id);
      }
    }));
    boolean all = answered.await(seconds + 10L, TimeUnit.SECONDS);
    double elapsed = (System.nanoTime() - start) / 1e9;
    long done = total - answered.getCount();
    long[] worst = new long[seconds];
    for (int i = 0; i < total; i++) {
      int second = (int) Math.min(seconds - 1, (long) i * intervalNanos / 1_000_000_000L);
      worst[second] = Math.max(worst[second], latencies[i] / 1_000_000);
    }
    // The first two seconds, finer: where a stall at the start of a run begins and ends.
    long[] firstTwo = new long[20];
    for (int i = 0; i < total && (long) i * intervalNanos < 2_000_000_000L; i++) {
      int tenth = (int) ((long) i * intervalNanos / 100_000_000L);
      firstTwo[tenth] = Math.max(firstTwo[tenth], latencies[i] / 1_000_000);
    }
    long[] sorted = Arrays.copyOf(latencies, total);
    if (!all) {
      // Unanswered requests count as the longest wait there was: they have not finished yet.
      for (int i = 0; i < total; i++) {
        if (sorted[i] == 0) {
          sorted[i] = System.nanoTime() - (start + i * intervalNanos);
        }
      }
    }
    Arrays.sort(sorted);
    long over50 = 0;
    for (long latency : sorted) {
      if (latency > 50_000_000L) {
        over50++;
      }
    }
    return new Result(sent[0], done, ok.get(), failed.get() + answered.getCount(), elapsed,
        sorted[(int) (total * 0.50)], sorted[(int) (total * 0.99)], sorted[(int) (total * 0.999)],
        sorted[total - 1], worst, over50, sendLag, poolWait, startEpochMillis, firstTwo);
  }
}
