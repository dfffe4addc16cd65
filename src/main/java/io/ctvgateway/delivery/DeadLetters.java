package io.ctvgateway.delivery;

import io.ctvgateway.install.AcceptedInstallCodec;
import io.ctvgateway.install.InstallQueue;
import io.ctvgateway.install.RecordStore;
import io.ctvgateway.journal.JournalRecord;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import io.ctvgateway.install.OrderKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable dead letters: a journal of their own (same framing, checksums and fsync as the main journal), one
 * record per install. A dead letter stays until it is re-queued, which appends its install to the main
 * journal (durably) and only then settles the dead letter: a crash in between re-queues it twice, never
 * zero times.
 */
public final class DeadLetters {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

  /** A dead letter and its position in the dead-letter journal. */
  public record Entry(long id, DeadLetter letter) {}

  /** Dead letters read from the store at a time. */
  private static final int PAGE = 1_000;

  private final RecordStore store;
  private final InstallQueue main;

  public DeadLetters(RecordStore store, InstallQueue main) {
    this.store = Objects.requireNonNull(store, "store");
    this.main = Objects.requireNonNull(main, "main");
  }

  Future<Long> add(DeadLetter letter) {
    return store.append(letter.toBytes());
  }

  /** Dead letters from {@code fromId} on, oldest first, at most {@code max}. */
  public Future<List<Entry>> list(long fromId, int max) {
    return store.readUnsettled(fromId, max).map(records -> {
      List<Entry> out = new ArrayList<>(records.size());
      for (JournalRecord record : records) {
        out.add(new Entry(record.seq(), DeadLetter.fromBytes(record.payload())));
      }
      return out;
    });
  }

  /** Sends one dead letter back to delivery. Fails if it has no readable install. */
  public Future<Void> requeue(Entry entry) {
    if (entry.letter().install() == null) {
      return Future.failedFuture(new IllegalStateException("dead letter " + entry.id() + " has no readable install"));
    }
    return main.append(entry.letter().install().orderKey(), AcceptedInstallCodec.toBytes(entry.letter().install()))
        .map(seq -> {
          store.settle(entry.id());
          LOG.info("event=dead_letter_requeued id={} receipt={} seq={}", entry.id(), entry.letter().install().receipt(),
              seq);
          return null;
        });
  }

  /** Re-queues every dead letter that has an install; completes with how many were re-queued. */
  public Future<Integer> requeueAll() {
    return requeueWhere(entry -> true);
  }

  /** Re-queues every dead letter that matches and has an install; completes with how many. */
  public Future<Integer> requeueWhere(Predicate<Entry> match) {
    return each(entry -> entry.letter().install() != null && match.test(entry), this::requeue, 0, 0);
  }

  /** Drops (settles) every dead letter that matches; completes with how many. */
  public Future<Integer> purgeWhere(Predicate<Entry> match) {
    return each(match, entry -> {
      store.settle(entry.id());
      return Future.succeededFuture();
    }, 0, 0);
  }

  /** Drops every dead letter of {@code device} (a privacy request); completes with how many. */
  public Future<Integer> forget(OrderKey device) {
    return purgeWhere(entry -> entry.letter().install() != null && device.equals(entry.letter().install().orderKey()));
  }

  /** Drops every dead letter that died before {@code cutoffMillis} (retention); completes with how many. */
  public Future<Integer> purgeOlderThan(long cutoffMillis) {
    return purgeWhere(entry -> entry.letter().deadAtMillis() < cutoffMillis).onSuccess(count -> {
      if (count > 0) {
        LOG.info("event=dead_letters_expired count={}", count);
      }
    });
  }

  /**
   * The dead letters from {@code fromId} on that match, oldest first, at most {@code max}, read a page at a
   * time; and the id to continue from ({@code 0} when the store was read to its end).
   */
  public Future<Page> find(long fromId, int max, Predicate<Entry> match) {
    return findFrom(fromId, max, match, new ArrayList<>());
  }

  /** A page of a filtered listing, and where the next page starts (0: no more). */
  public record Page(List<Entry> entries, long next) {}

  private Future<Page> findFrom(long fromId, int max, Predicate<Entry> match, List<Entry> found) {
    if (max == 0) {
      return Future.succeededFuture(new Page(found, 0));
    }
    return list(fromId, PAGE).compose(entries -> {
      for (Entry entry : entries) {
        if (found.size() == max) {
          return Future.succeededFuture(new Page(found, entry.id()));
        }
        if (match.test(entry)) {
          found.add(entry);
        }
      }
      if (entries.size() < PAGE) {
        return Future.succeededFuture(new Page(found, 0));
      }
      return findFrom(entries.get(entries.size() - 1).id() + 1, max, match, found);
    });
  }

  /** Runs {@code action} on each matching dead letter, a page at a time; completes with how many matched. */
  private Future<Integer> each(Predicate<Entry> match, Function<Entry, Future<Void>> action, long fromId, int done) {
    return list(fromId, PAGE).compose(entries -> {
      if (entries.isEmpty()) {
        return Future.succeededFuture(done);
      }
      List<Future<Void>> acted = new ArrayList<>();
      for (Entry entry : entries) {
        if (match.test(entry)) {
          acted.add(action.apply(entry));
        }
      }
      long next = entries.get(entries.size() - 1).id() + 1;
      return Future.all(acted).compose(all -> each(match, action, next, done + acted.size()));
    });
  }

  /** Dead letters currently kept. */
  public long size() {
    return store.unsettledRecords();
  }
}
