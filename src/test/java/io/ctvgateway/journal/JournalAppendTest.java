package io.ctvgateway.journal;

import static io.ctvgateway.journal.Await.payload;
import static io.ctvgateway.journal.Await.result;
import static io.ctvgateway.journal.Await.seqs;
import static io.ctvgateway.journal.Await.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class JournalAppendTest {
  @TempDir Path dir;
  private Journal journal;

  @BeforeEach
  void open() throws IOException {
    journal = Journal.open(JournalOptions.defaults(dir));
  }

  @AfterEach
  void close() {
    journal.close();
  }

  @Test
  void appendedPayloadsArePolledInOrderWithTheirSeqs() throws Exception {
    for (String text : List.of("a", "b", "c")) {
      result(journal.append(payload(text)));
    }
    List<JournalRecord> records = result(journal.poll(10));
    assertEquals(List.of("a", "b", "c"), texts(records));
    assertEquals(List.of(1L, 2L, 3L), seqs(records));
  }

  @Test
  void appendCompletesOnTheCallersContext(Vertx vertx, VertxTestContext test) {
    Context caller = vertx.getOrCreateContext();
    caller.runOnContext(v -> journal.append(payload("tv"))
        .onComplete(test.succeeding(seq -> test.verify(() -> {
          assertSame(caller, Vertx.currentContext());
          assertEquals(1L, seq);
          test.completeNow();
        }))));
  }

  @Test
  void pollCompletesOnTheCallersContext(Vertx vertx, VertxTestContext test) {
    Context caller = vertx.getOrCreateContext();
    caller.runOnContext(v -> journal.poll(5)
        .onComplete(test.succeeding(records -> test.verify(() -> {
          assertSame(caller, Vertx.currentContext());
          assertEquals(List.of("x"), texts(records));
          test.completeNow();
        }))));
    journal.append(payload("x"));
  }

  @Test
  void pollWaitsUntilAnAppendArrives() throws Exception {
    Future<List<JournalRecord>> poll = journal.poll(10);
    assertFalse(poll.isComplete());
    result(journal.append(payload("late")));
    assertEquals(List.of("late"), texts(result(poll)));
  }

  @Test
  void pollContinuesAfterThePreviousPoll() throws Exception {
    result(journal.append(payload("one")));
    result(journal.append(payload("two")));
    assertEquals(List.of("one"), texts(result(journal.poll(1))));
    assertEquals(List.of("two"), texts(result(journal.poll(1))));
  }

  @Test
  void secondOutstandingPollFails() throws Exception {
    Future<List<JournalRecord>> first = journal.poll(1);
    assertInstanceOf(IllegalStateException.class, Await.failure(journal.poll(1)));
    journal.append(payload("x"));
    assertEquals(1, result(first).size());
  }

  @Test
  void pendingPollCompletesEmptyWhenTheJournalCloses() throws Exception {
    Future<List<JournalRecord>> poll = journal.poll(1);
    journal.close();
    assertTrue(result(poll).isEmpty());
  }

  @Test
  void closeCompletesTheQueuedAppends() throws Exception {
    List<Future<Long>> appends = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      appends.add(journal.append(payload("queued-" + i)));
    }
    journal.close();
    for (Future<Long> append : appends) {
      assertTrue(append.succeeded(), "append must be durable once close returns: " + append);
    }
  }

  @Test
  void pollFollowsAppendsAcrossSegmentRolls() throws Exception {
    journal.close();
    journal = Journal.open(JournalOptions.defaults(dir).withSegmentBytes(JournalOptions.MIN_SEGMENT_BYTES));
    List<Long> polled = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      journal.append(new byte[300]);
    }
    while (polled.size() < 100) {
      polled.addAll(seqs(result(journal.poll(7))));
    }
    assertEquals(LongStream.rangeClosed(1, 100).boxed().collect(Collectors.toList()), polled);
    assertTrue(journal.stats().segments() > 10, "segments " + journal.stats().segments());
  }

  @Test
  void appendAfterCloseFails() throws Exception {
    journal.close();
    assertInstanceOf(IOException.class, Await.failure(journal.append(payload("too late"))));
  }

  @Test
  void payloadLargerThanTheMaximumIsRejected() throws Exception {
    Throwable failure = Await.failure(journal.append(new byte[Journal.MAX_PAYLOAD_BYTES + 1]));
    assertInstanceOf(IllegalArgumentException.class, failure);
    assertTrue(failure.getMessage().contains(String.valueOf(Journal.MAX_PAYLOAD_BYTES + 1)));
  }

  @Test
  void readUnsettledSkipsSettledRecords() throws Exception {
    for (int i = 1; i <= 5; i++) {
      result(journal.append(payload("r" + i)));
    }
    journal.settle(2);
    journal.settle(4);
    assertEquals(List.of(3L, 5L), seqs(result(journal.readUnsettled(3, 10))));
    assertEquals(List.of(1L, 3L, 5L), seqs(result(journal.readUnsettled(1, 10))));
  }
}
