package io.ctvgateway.journal;

/**
 * What the writer thread reports of its timings, for metrics (the journal itself depends on nothing). Called on
 * the writer thread: implementations must be cheap and thread-safe (a histogram's record).
 */
public interface JournalTimings {
  /** Nothing recorded. */
  JournalTimings NONE = new JournalTimings() {
    @Override
    public void fsync(long nanos) {}

    @Override
    public void durable(long nanos) {}
  };

  /** One fsync of the active segment took {@code nanos}. */
  void fsync(long nanos);

  /** One append became durable {@code nanos} after it was submitted (queue, write and fsync). */
  void durable(long nanos);
}
