package io.ctvgateway.journal;

import java.util.BitSet;

/**
 * Which seqs are settled: a low-water mark (every lower seq is settled) and a bit set for the
 * settled seqs above it, which out-of-order settlement (retries) produces.
 *
 * <p>Design note: bit {@code i} stands for seq {@code base + i}. Advancing the low-water mark is a
 * {@code nextClearBit} scan; the bits below it are dropped (copying the rest down) only once the
 * dead prefix is at least 4096 bits and at least as long as the live rest, so each settle costs
 * amortized O(1) and memory is one bit per seq between the low-water mark and the highest
 * settled seq: 1M records out of order is 128 KiB, against ~50 MB for a tree of boxed longs.
 *
 * <p>Thread-safe through a monitor that only ever guards these in-memory bit operations (no I/O,
 * no callbacks): delivery settles, the reader thread asks {@link #isSettled}, the checkpoint
 * thread takes {@link #snapshot}s. The low-water mark is also published as a volatile, so the
 * gauges that ingest reads per request take no lock.
 */
final class SettledSet {
  /** What a checkpoint stores: the low-water mark and the settled bits above it. */
  record Snapshot(long lowWaterMark, byte[] bitsAboveLowWaterMark, long version) {}

  private static final int COMPACT_MIN_BITS = 4096;

  private long base;
  /** Written under the monitor, read without it ({@link #lowWaterMark()} is asked on every ingest request). */
  private volatile long lowWaterMark;
  private BitSet bits = new BitSet();
  private long version;

  SettledSet(long lowWaterMark) {
    this.base = lowWaterMark;
    this.lowWaterMark = lowWaterMark;
  }

  /** Rebuilds the set a checkpoint described. */
  static SettledSet restore(long lowWaterMark, byte[] bitsAboveLowWaterMark) {
    SettledSet set = new SettledSet(lowWaterMark);
    set.bits = BitSet.valueOf(bitsAboveLowWaterMark);
    set.advance();
    return set;
  }

  /** Marks one seq settled; true when it was not settled before. */
  synchronized boolean settle(long seq) {
    if (seq < lowWaterMark || bits.get(index(seq))) {
      return false;
    }
    bits.set(index(seq));
    version++;
    if (seq == lowWaterMark) {
      advance();
    }
    return true;
  }

  /**
   * Marks {@code [from, to)} settled and says how many of those seqs were not settled before: at recovery,
   * the records of that range that were lost (a range that was settled already, like a segment deleted after
   * its checkpoint, lost nothing).
   */
  synchronized long settleRangeCounting(long from, long to) {
    long start = Math.max(from, lowWaterMark);
    if (start >= to) {
      return 0;
    }
    long alreadySettled = bits.get(index(start), index(to)).cardinality();
    settleRange(from, to);
    return (to - start) - alreadySettled;
  }

  /** Marks {@code [from, to)} settled: seqs lost to corruption or never written. */
  synchronized void settleRange(long from, long to) {
    long start = Math.max(from, lowWaterMark);
    if (start >= to) {
      return;
    }
    bits.set(index(start), index(to));
    version++;
    advance();
  }

  synchronized boolean isSettled(long seq) {
    return seq < lowWaterMark || bits.get(index(seq));
  }

  /** Lock-free: a volatile read. */
  long lowWaterMark() {
    return lowWaterMark;
  }

  synchronized long version() {
    return version;
  }

  synchronized Snapshot snapshot() {
    int from = index(lowWaterMark);
    byte[] above = bits.get(from, Math.max(from, bits.length())).toByteArray();
    return new Snapshot(lowWaterMark, above, version);
  }

  private int index(long seq) {
    long i = seq - base;
    if (i > Integer.MAX_VALUE - 64) {
      throw new IllegalStateException(
          "settled seqs must stay within 2^31 of the low-water mark " + lowWaterMark + ", got " + seq);
    }
    return (int) i;
  }

  private void advance() {
    lowWaterMark = base + bits.nextClearBit(index(lowWaterMark));
    int dead = index(lowWaterMark);
    if (dead >= COMPACT_MIN_BITS && dead >= bits.length() - dead) {
      bits = bits.get(dead, Math.max(dead, bits.length()));
      base = lowWaterMark;
    }
  }
}
