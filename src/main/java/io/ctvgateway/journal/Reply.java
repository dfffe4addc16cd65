package io.ctvgateway.journal;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * A future that completes on the Vert.x context of the thread that asked, or directly on the
 * completing thread when the caller was not on a Vert.x thread. Journal threads complete
 * replies; callbacks never run on them when a context exists.
 */
final class Reply<T> {
  private final Promise<T> promise = Promise.promise();
  private final Context context;

  private Reply(Context context) {
    this.context = context;
  }

  /** A reply for the calling thread's context, if any. */
  static <T> Reply<T> capture() {
    return new Reply<>(Vertx.currentContext());
  }

  Future<T> future() {
    return promise.future();
  }

  void succeed(T value) {
    if (context == null) {
      promise.tryComplete(value);
    } else {
      context.runOnContext(v -> promise.tryComplete(value));
    }
  }

  void fail(Throwable cause) {
    if (context == null) {
      promise.tryFail(cause);
    } else {
      context.runOnContext(v -> promise.tryFail(cause));
    }
  }
}
