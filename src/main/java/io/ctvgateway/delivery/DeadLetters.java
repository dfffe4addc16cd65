package io.ctvgateway.delivery;

import io.ctvgateway.install.AcceptedInstallCodec;
import io.ctvgateway.journal.Journal;
import io.ctvgateway.journal.JournalRecord;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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

  private final Journal store;
  private final Journal main;

  public DeadLetters(Journal store, Journal main) {
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
    return main.append(AcceptedInstallCodec.toBytes(entry.letter().install()))
        .map(seq -> {
          store.settle(entry.id());
          LOG.info("event=dead_letter_requeued id={} receipt={} seq={}", entry.id(), entry.letter().install().receipt(),
              seq);
          return null;
        });
  }

  /** Re-queues every dead letter that has an install; completes with how many were re-queued. */
  public Future<Integer> requeueAll() {
    return requeueFrom(0, 0);
  }

  private Future<Integer> requeueFrom(long fromId, int done) {
    return list(fromId, 1_000).compose(entries -> {
      if (entries.isEmpty()) {
        return Future.succeededFuture(done);
      }
      List<Future<Void>> requeued = new ArrayList<>();
      for (Entry entry : entries) {
        if (entry.letter().install() != null) {
          requeued.add(requeue(entry));
        }
      }
      long next = entries.get(entries.size() - 1).id() + 1;
      return Future.all(requeued).compose(all -> requeueFrom(next, done + requeued.size()));
    });
  }

  /** Drops every dead letter of {@code device} (a privacy request); completes with how many. */
  public Future<Integer> forget(io.ctvgateway.install.OrderKey device) {
    return forgetFrom(device, 0, 0);
  }

  private Future<Integer> forgetFrom(io.ctvgateway.install.OrderKey device, long fromId, int done) {
    return list(fromId, 1_000).compose(entries -> {
      if (entries.isEmpty()) {
        return Future.succeededFuture(done);
      }
      int dropped = 0;
      for (Entry entry : entries) {
        if (entry.letter().install() != null && device.equals(entry.letter().install().orderKey())) {
          store.settle(entry.id());
          dropped++;
        }
      }
      return forgetFrom(device, entries.get(entries.size() - 1).id() + 1, done + dropped);
    });
  }

  /** Drops every dead letter that died before {@code cutoffMillis} (retention); completes with how many. */
  public Future<Integer> purgeOlderThan(long cutoffMillis) {
    return purgeFrom(cutoffMillis, 0, 0);
  }

  private Future<Integer> purgeFrom(long cutoffMillis, long fromId, int done) {
    return list(fromId, 1_000).compose(entries -> {
      if (entries.isEmpty()) {
        if (done > 0) {
          LOG.info("event=dead_letters_expired count={}", done);
        }
        return Future.succeededFuture(done);
      }
      int dropped = 0;
      for (Entry entry : entries) {
        if (entry.letter().deadAtMillis() < cutoffMillis) {
          store.settle(entry.id());
          dropped++;
        }
      }
      return purgeFrom(cutoffMillis, entries.get(entries.size() - 1).id() + 1, done + dropped);
    });
  }

  /** Dead letters currently kept. */
  public long size() {
    return store.unsettledRecords();
  }
}
