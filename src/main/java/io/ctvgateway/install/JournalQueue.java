package io.ctvgateway.install;

import io.ctvgateway.journal.Journal;
import io.ctvgateway.journal.JournalRecord;
import io.vertx.core.Future;
import java.util.List;
import java.util.Objects;

/**
 * The local journal as the install queue (the embedded default) and as a record store (dead letters): every
 * call goes straight to the {@link Journal}; the device key is not needed, since one journal keeps one order.
 */
public final class JournalQueue implements InstallQueue, RecordStore {
  private final Journal journal;

  public JournalQueue(Journal journal) {
    this.journal = Objects.requireNonNull(journal, "journal");
  }

  public Journal journal() {
    return journal;
  }

  @Override
  public String type() {
    return "journal";
  }

  @Override
  public Future<Long> append(OrderKey device, byte[] payload) {
    return journal.append(payload);
  }

  @Override
  public Future<Long> append(byte[] payload) {
    return journal.append(payload);
  }

  @Override
  public Future<List<JournalRecord>> poll(int max) {
    return journal.poll(max);
  }

  @Override
  public Future<List<JournalRecord>> readUnsettled(long fromId, int max) {
    return journal.readUnsettled(fromId, max);
  }

  @Override
  public void settle(long seq) {
    journal.settle(seq);
  }

  @Override
  public long unsettledRecords() {
    return journal.unsettledRecords();
  }

  @Override
  public long unsettledBytes() {
    return journal.unsettledBytes();
  }

  @Override
  public boolean takesAppends() {
    return journal.takesAppends();
  }

  @Override
  public boolean diskLow() {
    return journal.diskLow();
  }

  @Override
  public long lastSeq() {
    return journal.stats().lastSeq();
  }

  @Override
  public long lowWaterMark() {
    return journal.stats().lowWaterMark();
  }
}
