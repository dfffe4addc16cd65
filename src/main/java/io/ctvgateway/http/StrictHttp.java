package io.ctvgateway.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.ServerWebSocketHandshake;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The HTTP/1.1 message rules that Netty leaves to the server, and the answers Netty would otherwise give in
 * plain text, for both ports. In front of the router ({@link #guard}), it refuses what RFC 9112 says a server
 * must not guess at: a version other than 1.0 and 1.1 (505), an HTTP/1.1 request without exactly one
 * {@code Host} (3.2), a {@code Transfer-Encoding} other than {@code chunked} alone (6.1: a shape of request
 * smuggling behind a proxy that reads it differently), a {@code Transfer-Encoding} on HTTP/1.0. As the
 * server's invalid-request handler ({@link #invalid}), it answers what Netty could not decode (a bad request
 * line or header, an oversized URI or header block) with the JSON error body. Every refusal closes the
 * connection: after a message we cannot frame, the next byte on it cannot be trusted.
 */
public final class StrictHttp {
  private StrictHttp() {}

  /** {@code next}, for the requests that pass the message rules. */
  public static Handler<HttpServerRequest> guard(Handler<HttpServerRequest> next) {
    Objects.requireNonNull(next, "next");
    return request -> {
      if (request.version() == null) {
        // Netty reads any HTTP/x.y; only 1.0 and 1.1 are spoken here (h2c is off: see the servers' options).
        refuse(request, 505, "http_version_not_supported", "only HTTP/1.1 (and 1.0) is served here");
        return;
      }
      String refusal = refusal(request);
      if (refusal == null) {
        next.handle(request);
      } else {
        refuse(request, 400, refusal.substring(0, refusal.indexOf(' ')), refusal.substring(refusal.indexOf(' ') + 1));
      }
    };
  }

  /** "code message" when the request breaks a message rule, else null. */
  private static String refusal(HttpServerRequest request) {
    List<String> hosts = request.headers().getAll(HttpHeaders.HOST);
    if (request.version() == HttpVersion.HTTP_1_1 && hosts.size() != 1) {
      return "missing_host an HTTP/1.1 request must carry exactly one Host header (RFC 9112, 3.2), got " + hosts.size();
    }
    List<String> codings = request.headers().getAll(HttpHeaders.TRANSFER_ENCODING);
    if (codings.isEmpty()) {
      return null;
    }
    if (request.version() == HttpVersion.HTTP_1_0) {
      return "invalid_transfer_encoding Transfer-Encoding is not part of HTTP/1.0 (RFC 9112, 6.1)";
    }
    String joined = String.join(",", codings);
    if (!joined.trim().toLowerCase(Locale.ROOT).equals("chunked")) {
      return "invalid_transfer_encoding Transfer-Encoding must be chunked alone, got '" + clip(joined) + "'";
    }
    // With chunked alone, Netty has already dropped any Content-Length beside it (RFC 9112, 6.3 rule 3).
    return null;
  }

  /**
   * The server's WebSocket handshake handler: neither port serves WebSockets. Setting one is also what routes
   * a request of an unknown HTTP version to {@link #guard} (its 505 has the error body) instead of Vert.x's
   * empty 501. A refused handshake is the one answer without a body: Vert.x offers only a status there.
   */
  public static void noWebSockets(ServerWebSocketHandshake handshake) {
    handshake.reject(404);
  }

  /** The server's invalid-request handler: what Netty could not decode, in the JSON error body. */
  public static void invalid(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    if (cause instanceof TooLongHttpLineException) {
      refuse(request, 414, "uri_too_long", "the request line is too long: " + clip(String.valueOf(cause.getMessage())));
    } else if (cause instanceof TooLongHttpHeaderException) {
      refuse(request, 431, "headers_too_large", "the request headers are too large: "
          + clip(String.valueOf(cause.getMessage())));
    } else {
      refuse(request, 400, "bad_request", "the request could not be read as HTTP/1.1"
          + (cause == null ? "" : ": " + clip(String.valueOf(cause.getMessage()))));
    }
  }

  /** Answers {@code status} with the error body and closes the connection once it is written. */
  public static void refuse(HttpServerRequest request, int status, String code, String message) {
    request.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    ErrorBody.send(request.response(), status, code, message, null, 0)
        .onComplete(written -> request.connection().close());
  }

  private static String clip(String text) {
    String flat = text.replace('\r', ' ').replace('\n', ' ');
    return flat.length() <= 120 ? flat : flat.substring(0, 117) + "...";
  }
}
