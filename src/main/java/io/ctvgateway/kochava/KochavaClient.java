package io.ctvgateway.kochava;

import io.ctvgateway.config.AppConfig;
import io.ctvgateway.config.KochavaConfig;
import io.ctvgateway.config.UpstreamConfig;
import io.ctvgateway.http.Deadlines;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one serialised body to Kochava's S2S endpoint and says what the answer means. Bytes, a User-Agent and
 * an app id in; a {@link KochavaAnswer} out, never a failed future. It knows nothing of installs or journals.
 *
 * <p>Per request: {@code Content-Type: application/json}, the device's {@code User-Agent}, and for an app with
 * install authentication its API key and a token over the exact bytes sent, made with the key configured now
 * (so a rotated key also covers a backlog accepted before). Redirects are never followed. {@code timeout_ms}
 * is a deadline for the whole exchange once a connection is had, not an idle timeout: an answer trickled a
 * byte a second is cut when it runs out. Getting a connection is bounded by {@code connect_timeout_ms}.
 */
public final class KochavaClient {
  private static final Logger LOG = LoggerFactory.getLogger(KochavaClient.class);
  private final Vertx vertx;
  private final HttpClientAgent client;
  private final UpstreamConfig upstream;
  private final KochavaConfig kochava;

  private final Target installs;
  private final Target identityLinks;
  /** Per-send deadlines on the sending event loop's wheel ({@link #deadline}); set once, by the first send. */
  private record Wheel(Context context, Deadlines deadlines) {}

  private final AtomicReference<Wheel> wheel = new AtomicReference<>();

  private KochavaClient(Vertx vertx, HttpClientAgent client, UpstreamConfig upstream, KochavaConfig kochava) {
    this.vertx = vertx;
    this.client = client;
    this.upstream = upstream;
    this.kochava = kochava;
    this.installs = Target.of(upstream.url());
    this.identityLinks = Target.of(upstream.identityLinkUrl());
  }

  /**
   * An upstream URL taken apart once (as {@link RequestOptions#setAbsoluteURI} would on every send: parsing a
   * URL per install showed in the profile).
   */
  private record Target(boolean ssl, String host, int port, String uri, SocketAddress server) {
    static Target of(String url) {
      java.net.URI parsed = java.net.URI.create(url);
      boolean ssl = "https".equalsIgnoreCase(parsed.getScheme());
      String path = parsed.getRawPath() == null || parsed.getRawPath().isEmpty() ? "/" : parsed.getRawPath();
      int port = parsed.getPort() > 0 ? parsed.getPort() : ssl ? 443 : 80;
      // The server address made once too: from host and port alone, the client builds one per request (and, for
      // an IP literal, parses it into bytes each time). A host name in it is still resolved when connecting.
      return new Target(ssl, parsed.getHost(), port, parsed.getRawQuery() == null ? path : path + "?"
          + parsed.getRawQuery(), SocketAddress.inetSocketAddress(port, parsed.getHost()));
    }

    RequestOptions options() {
      return new RequestOptions().setServer(server).setSsl(ssl).setHost(host).setPort(port).setURI(uri);
    }
  }

  /** A client with a keep-alive pool of {@code upstream.max_connections}. */
  public static KochavaClient create(Vertx vertx, UpstreamConfig upstream, KochavaConfig kochava) {
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(kochava, "kochava");
    HttpClientAgent client = vertx.httpClientBuilder()
        .with(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(upstream.connectTimeoutMs()))
        .with(new PoolOptions().setHttp1MaxSize(upstream.maxConnections()))
        // A connection Kochava resets fails the request on it, which is where it is handled (retried).
        .withConnectHandler(connection -> connection.exceptionHandler(failure ->
            LOG.debug("event=upstream_connection_failed cause={}", failure.toString())))
        .build();
    return new KochavaClient(vertx, client, upstream, kochava);
  }

  /** POSTs {@code body} for app {@code appId}; completes with the answer, whatever happened. */
  public Future<KochavaAnswer> send(Buffer body, String userAgent, String appId) {
    return send(null, body, userAgent, appId);
  }

  /** The target of an identity link: sent to {@code upstream.identity_link_url}. */
  public static final String IDENTITY_LINK = "identity_link";

  /**
   * As {@link #send(Buffer, String, String)}, to {@code target}'s URL: null for {@code upstream.url},
   * {@link #IDENTITY_LINK} for {@code upstream.identity_link_url}.
   */
  public Future<KochavaAnswer> send(String target, Buffer body, String userAgent, String appId) {
    RequestOptions options = (IDENTITY_LINK.equals(target) ? identityLinks : installs).options()
        .setMethod(HttpMethod.POST)
        .setFollowRedirects(false)
        .setConnectTimeout(upstream.connectTimeoutMs())
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.USER_AGENT, userAgent);
    AppConfig app = kochava.app(appId);
    if (app.signs()) {
      options.putHeader(InstallAuth.API_KEY_HEADER, app.apiKey())
          .putHeader(InstallAuth.TOKEN_HEADER, InstallAuth.token(body.getBytes(), app.apiKey(), app.secret(),
              app.wire().authTokenBase64()));
    }
    long deadlineMs = upstream.timeoutMs();
    // Callbacks into one promise rather than compose/compose/map/andThen/otherwise: a future and a listener less
    // per link, on every install's way out.
    Promise<KochavaAnswer> answered = Promise.promise();
    client.request(options).onComplete(requested -> {
      if (requested.failed()) {
        answered.complete(KochavaAnswer.noAnswer(requested.cause()));
        return;
      }
      HttpClientRequest request = requested.result();
      Runnable disarm = deadline(deadlineMs, () -> request.reset(0,
          new TimeoutException("no complete answer within timeout_ms=" + deadlineMs)));
      Future<HttpClientResponse> sending;
      try {
        sending = request.send(body);
      } catch (RuntimeException e) { // as a failed send: delivery counts on an answer
        sending = Future.failedFuture(e);
      }
      sending.onComplete(sent -> {
        if (sent.failed()) {
          disarm.run();
          answered.complete(KochavaAnswer.noAnswer(sent.cause()));
          return;
        }
        HttpClientResponse response = sent.result();
        response.body().onComplete(read -> {
          disarm.run();
          KochavaAnswer answer;
          try {
            answer = read.succeeded() ? answer(response, read.result(), target) : KochavaAnswer.noAnswer(read.cause());
          } catch (RuntimeException e) { // never a failed (or a never completed) future: delivery counts on one
            answer = KochavaAnswer.noAnswer(e);
          }
          answered.complete(answer);
        });
      });
    });
    return answered.future();
  }

  /**
   * Arms {@code expire} to run in {@code ms} and answers what disarms it: on the timing wheel of the event loop
   * that sends (delivery's, the only one that does), which costs a few field writes, where a Vert.x timer per send
   * cost a scheduled task, a map entry shared by all loops and a removal from Netty's queue on cancel. Sends from
   * any other context get a Vert.x timer.
   */
  private Runnable deadline(long ms, Runnable expire) {
    Context here = Vertx.currentContext();
    Wheel mine = wheel.get();
    if (mine == null && here != null && here.isEventLoopContext()) {
      // The first send's loop takes it (a wheel starts no timer before its first deadline: a loser costs nothing).
      wheel.compareAndSet(null, new Wheel(here, new Deadlines(vertx, Deadlines.DEFAULT_TICK_MS)));
      mine = wheel.get();
    }
    if (mine != null && here == mine.context()) {
      Deadlines deadlines = mine.deadlines();
      Deadlines.Deadline deadline = new Deadlines.Deadline(expire);
      deadlines.arm(deadline, ms);
      return () -> deadlines.disarm(deadline);
    }
    long timer = vertx.setTimer(ms, id -> expire.run());
    return () -> vertx.cancelTimer(timer);
  }

  private static KochavaAnswer answer(HttpClientResponse response, Buffer body, String target) {
    Long retryAfter = ResponseClassifier.retryAfterMillis(response.getHeader(HttpHeaders.RETRY_AFTER));
    int status = response.statusCode();
    // Kochava publishes no answer body for IdentityLink: any 2xx is taken; the rest is classified as for installs.
    Verdict verdict = IDENTITY_LINK.equals(target) && status >= 200 && status < 300 ? Verdict.DELIVERED
        : ResponseClassifier.classify(status, body);
    return new KochavaAnswer(verdict, status, body.toString(), retryAfter == null ? -1 : retryAfter);
  }

  /** Lets requests in flight finish within {@code graceMs}, then closes the pool. */
  public Future<Void> shutdown(long graceMs) {
    return client.shutdown(graceMs, TimeUnit.MILLISECONDS);
  }
}
