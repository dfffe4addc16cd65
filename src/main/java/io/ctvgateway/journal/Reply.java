package io.ctvgateway.journal;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

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

  /**
   * Completions gathered on a journal thread and handed to their contexts together: one task per event loop
   * instead of one per reply. Each task wakes its loop at most once (an eventfd write and a return from
   * epoll); a group commit of 60 appends from two loops was 60 tasks, and often as many wake-ups, before.
   * Replies of one context complete in the order they were added, as separate tasks would have.
   */
  static final class Batch {
    private final java.util.IdentityHashMap<Context, List<Runnable>> byContext = new java.util.IdentityHashMap<>(4);

    <T> void succeed(Reply<T> reply, T value) {
      if (reply.context == null) {
        reply.promise.tryComplete(value);
      } else {
        byContext.computeIfAbsent(reply.context, c -> new ArrayList<>()).add(() -> reply.promise.tryComplete(value));
      }
    }

    /** Hands every gathered completion to its context, and starts over. */
    void dispatch() {
      byContext.forEach((context, completions) -> context.runOnContext(v -> {
        for (Runnable completion : completions) {
          completion.run();
        }
      }));
      byContext.clear();
    }
  }
}
