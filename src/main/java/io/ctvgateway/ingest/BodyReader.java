package io.ctvgateway.ingest;

import io.netty.handler.codec.DecoderException;
import io.vertx.core.Handler;
import io.vertx.core.VertxException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;

/**
 * Reads a JSON route's body into one byte array, which {@link IngestContext#receive} (or {@link InstallReader}) parses
 * and the journal keeps as the request's original: in place of Vert.x Web's {@code BodyHandler}, which on these routes
 * allocated a 1 KiB buffer for a 400-byte install (it presizes only when told to), appended the chunk to it,
 * lower-cased the content type for its multipart and form checks, and left the bytes in a buffer the handler then
 * copied out (the buffer alone was about 12% of the bytes an install allocated). With a {@code Content-Length}, the
 * array is that long and the chunks are copied into it once; a chunked body grows an array.
 *
 * <p>What {@code BodyHandler} answered stays as it was: a request without a body (no length, not chunked) goes on
 * with none (the parser's {@code empty_body}); a declared length over the limit is 413 before a byte is read, and a
 * chunked body that passes it is 413 when it does; {@code Expect: 100-continue} is answered 100 (not on HTTP/1.0) and
 * any other expectation 417; a body the decoder cannot read is 400.
 */
final class BodyReader implements Handler<RoutingContext> {
  /** A chunked body's first array. */
  private static final int FIRST_CHUNKED_BYTES = 1024;

  private final long limit;

  BodyReader(long limit) {
    this.limit = limit;
  }

  /** A routed request's body, then the route's next handler. */
  @Override
  public void handle(RoutingContext ctx) {
    read(Exchange.of(ctx), ctx::next);
  }

  /**
   * Reads the body into {@link Exchange#body} (left null when there is none), then runs {@code next}; or fails the
   * exchange, and {@code next} never runs.
   */
  void read(Exchange ctx, Runnable next) {
    HttpServerRequest request = ctx.request();
    long length = contentLength(request.getHeader(HttpHeaders.CONTENT_LENGTH));
    boolean streamed = request.version() == HttpVersion.HTTP_2
        || request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
    if (!streamed && length < 0) {
      next.run(); // no body
      return;
    }
    if (length > limit) {
      ctx.fail(413);
      return;
    }
    String expect = request.getHeader(HttpHeaders.EXPECT);
    if (expect != null) {
      if (!expect.equalsIgnoreCase("100-continue")) {
        ctx.fail(417); // the only expectation there is to meet
        return;
      }
      if (request.version() != HttpVersion.HTTP_1_0) {
        ctx.response().writeContinue();
      }
    }
    if (request.isEnded()) {
      ctx.fail(new VertxException("the body reader must run before the request has ended", true));
      return;
    }
    Collector collector = new Collector(ctx, length, next);
    request.handler(collector).endHandler(collector::end).exceptionHandler(failure -> {
      if (failure instanceof DecoderException) {
        ctx.fail(400, failure.getCause() != null ? failure.getCause() : failure);
      } else {
        ctx.fail(200, failure); // the client went away mid-body, mostly: the failure handler sees the closed response
      }
    });
    request.resume();
  }

  /** A header's length, or -1 when absent or not a non-negative number (then the decoder has its own say). */
  private static long contentLength(String header) {
    if (header == null || header.isEmpty()) {
      return -1;
    }
    try {
      long length = Long.parseLong(header);
      return length < 0 ? -1 : length;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** One request's chunks into one array. */
  private final class Collector implements Handler<Buffer> {
    private final Exchange ctx;
    private final Runnable next;
    private byte[] bytes;
    private int size;
    private boolean failed;

    Collector(Exchange ctx, long length, Runnable next) {
      this.ctx = ctx;
      this.next = next;
      this.bytes = new byte[length >= 0 ? (int) length : (int) Math.min(FIRST_CHUNKED_BYTES, limit)];
    }

    @Override
    public void handle(Buffer chunk) {
      if (failed) {
        return;
      }
      int more = chunk.length();
      if (size + (long) more > limit) {
        failed = true;
        ctx.fail(413);
        return;
      }
      if (size + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max(size + more, 2L * bytes.length)));
      }
      chunk.getBytes(0, more, bytes, size);
      size += more;
    }

    void end(Void ended) {
      if (failed || ctx.failed()) {
        return;
      }
      if (size > 0) { // an empty body reads as none, as it did through BodyHandler
        ctx.body = size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
      }
      next.run();
    }
  }
}
