package io.ctvgateway.journal;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Test support: blocking on a journal future from a test thread (never an event loop). */
final class Await {
  private Await() {}

  static <T> T result(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  static Throwable failure(Future<?> future) throws Exception {
    try {
      future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected the future to fail, it succeeded with " + future.result());
  }

  static byte[] payload(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static List<String> texts(List<JournalRecord> records) {
    return records.stream().map(r -> new String(r.payload(), StandardCharsets.UTF_8))
        .collect(Collectors.toList());
  }

  static List<Long> seqs(List<JournalRecord> records) {
    return records.stream().map(JournalRecord::seq).collect(Collectors.toList());
  }
}
