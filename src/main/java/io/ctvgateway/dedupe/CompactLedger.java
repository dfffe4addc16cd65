package io.ctvgateway.dedupe;

import io.ctvgateway.config.LedgerConfig;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;

/**
 * The in-memory ledger in primitive longs: about 32 bytes of table per key at a load factor of 0.375 to 0.75
 * (see docs/benchmarks.md: about 55 to 70 B per key, where a Caffeine cache of the same keys needs about 160), no object per key.
 *
 * <p>Design note. The keys are SHA-256 halves, so they spread evenly: the table is split into stripes by the
 * key's top bits (about 2048 keys a stripe at {@code max_keys}: 4096 stripes for 10 million), each an
 * open-addressing table (linear probing) of four longs per slot (key high, key low, receipt high, receipt
 * low), guarded by its own lock. A claim holds one stripe's lock for a few probes; a stripe that outgrows three
 * quarters of its slots doubles under its lock (a full stripe is 128 KiB: microseconds). An empty slot is one whose receipt high half
 * is zero, which no receipt issued after 1970 has.
 *
 * <p>Expiry comes from the receipt's own timestamp, as the Caffeine ledger it replaced did: a key is forgotten
 * {@code expire_after_days} after its receipt was issued, before and after a restart alike. An expired key
 * is treated as absent (a new claim takes its slot) and dropped when its stripe grows or evicts.
 *
 * <p>Eviction is oldest-first by acceptance time, not Caffeine's W-TinyLFU: when a new key takes the ledger
 * past {@code max_keys}, the fullest stripe drops its expired keys and its oldest sixteenth (by receipt time).
 * Stripes are uniform samples of the key space and each holds its newest keys, so the fullest one reaches back
 * furthest and its oldest keys are the oldest of the whole ledger, to within the spread between stripes; the
 * ledger then holds between about 99.98% and 100% of {@code max_keys}.
 * For an install ledger this is arguably the right policy: a duplicate install is a retry or a re-install of a
 * recently seen device, and frequency (TinyLFU's signal) says nothing, since a key is claimed once and then
 * only looked up by duplicates.
 */
public final class CompactLedger implements MemoryLedger {
  private static final int KEYS_PER_STRIPE = 2048;
  private static final int MIN_STRIPES = 64;
  private static final int MAX_STRIPES = 1 << 16;
  private static final int INITIAL_SLOTS = 16;
  private static final int EVICT_SHARE = 16;

  private final Stripe[] stripes;
  private final int stripeShift;
  private final AtomicLong size = new AtomicLong();
  private final Clock clock;
  private final long ttlMillis;
  private final long maxKeys;

  private CompactLedger(Clock clock, long ttlMillis, long maxKeys) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ttlMillis = ttlMillis;
    this.maxKeys = maxKeys;
    int count = stripesFor(maxKeys);
    this.stripes = new Stripe[count];
    this.stripeShift = 64 - Integer.numberOfTrailingZeros(count);
    for (int i = 0; i < count; i++) {
      stripes[i] = new Stripe();
    }
  }

  public static CompactLedger create(LedgerConfig config, Clock clock) {
    return new CompactLedger(clock, Duration.ofDays(config.expireAfterDays()).toMillis(), config.maxKeys());
  }

  @Override
  public Future<Claim> claim(LedgerKey key, Receipt receipt) {
    Receipt first = putIfAbsent(key, receipt, clock.millis());
    return Future.succeededFuture(first == null ? new Claim(true, receipt) : new Claim(false, first));
  }

  @Override
  public Future<Void> release(LedgerKey key, Receipt receipt) {
    long hash = mix(key.high(), key.low());
    Stripe stripe = stripes[stripeOf(hash)];
    boolean removed;
    stripe.lock.lock();
    try {
      removed = stripe.remove(hash, key.high(), key.low(), receipt.high(), receipt.low());
    } finally {
      stripe.lock.unlock();
    }
    if (removed) {
      size.decrementAndGet();
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> commit(LedgerKey key, Receipt receipt) {
    return Future.succeededFuture();
  }

  /** Removes the key whatever receipt holds it: claims it with a marker, then releases what held it. */
  @Override
  public Future<Boolean> forget(LedgerKey key) {
    Receipt marker = new Receipt(1L << 16, 0);
    Receipt held = putIfAbsent(key, marker, clock.millis());
    release(key, held == null ? marker : held);
    return Future.succeededFuture(held != null);
  }

  /** Keys held, including expired ones not dropped yet. */
  @Override
  public long size() {
    return size.get();
  }

  @Override
  public boolean restore(LedgerKey key, Receipt receipt) {
    long now = clock.millis();
    if (expired(receipt.high(), now)) {
      return false;
    }
    putIfAbsent(key, receipt, now);
    return true;
  }

  @Override
  public void forEach(BiConsumer<LedgerKey, Receipt> visitor) {
    for (Stripe stripe : stripes) {
      long[] copy;
      stripe.lock.lock();
      try {
        copy = stripe.table.clone();
      } finally {
        stripe.lock.unlock();
      }
      // The visitor runs outside the lock: it may be slow (compaction appends to the key log).
      long now = clock.millis();
      for (int b = 0; b < copy.length; b += 4) {
        if (copy[b + 2] != 0 && !expired(copy[b + 2], now)) {
          visitor.accept(new LedgerKey(copy[b], copy[b + 1]), new Receipt(copy[b + 2], copy[b + 3]));
        }
      }
    }
  }

  /** Null when {@code key} was claimed now for {@code receipt}; else the receipt that holds it. */
  private Receipt putIfAbsent(LedgerKey key, Receipt receipt, long now) {
    if (receipt.high() == 0) {
      throw new IllegalArgumentException("a receipt's high half is never 0 (its time is after 1970), got " + receipt);
    }
    long hash = mix(key.high(), key.low());
    Stripe stripe = stripes[stripeOf(hash)];
    Receipt first;
    boolean fresh;
    stripe.lock.lock();
    try {
      first = stripe.putIfAbsent(hash, key.high(), key.low(), receipt.high(), receipt.low(), now);
      fresh = stripe.lastPutWasNew;
      size.addAndGet((fresh ? 1 : 0) - stripe.takeDropped());
    } finally {
      stripe.lock.unlock();
    }
    if (fresh) {
      evictWhileOver(now, key);
    }
    return first;
  }

  /**
   * Past {@code max_keys}, drops the oldest sixteenth of the fullest stripe (never {@code claimed}), until
   * under. The fullest stripe is the one whose keys go back furthest: every stripe gets an even share of new
   * keys, so each one holds its newest keys and their number says how far back it reaches. One stripe lock at
   * a time, none held on entry: no lock order to get wrong.
   */
  private void evictWhileOver(long now, LedgerKey claimed) {
    Stripe home = stripes[stripeOf(mix(claimed.high(), claimed.low()))];
    while (size.get() > maxKeys) {
      Stripe fullest = stripes[0];
      int most = -1;
      for (Stripe stripe : stripes) {
        int evictable = stripe == home ? stripe.count - 1 : stripe.count;
        if (evictable > most) {
          fullest = stripe;
          most = evictable;
        }
      }
      long evicted;
      fullest.lock.lock();
      try {
        evicted = fullest.evictOldest(now, claimed.high(), claimed.low());
      } finally {
        fullest.lock.unlock();
      }
      size.addAndGet(-evicted);
      if (evicted == 0) {
        return; // nothing but the key just claimed is left to evict
      }
    }
  }

  private boolean expired(long receiptHigh, long now) {
    return now - (receiptHigh >>> 16) >= ttlMillis;
  }

  /** MurmurHash3's 64-bit finaliser over both halves: spreads keys that are not hashes (tests) as well. */
  static long mix(long high, long low) {
    long h = high ^ Long.rotateLeft(low, 32);
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  /**
   * About {@value #KEYS_PER_STRIPE} keys a stripe at {@code max_keys}, a power of two: a full stripe's table is
   * then 4096 slots, 128 KiB, well under G1's humongous-object threshold (half a region, 512 KiB at least), so
   * tables are ordinary objects packed in regions. (With 256 stripes, 10 million keys made 2 MiB tables, each
   * taking two whole 2 MiB regions: twice the heap.)
   */
  static int stripesFor(long maxKeys) {
    long wanted = Math.max(MIN_STRIPES, Math.min(MAX_STRIPES, maxKeys / KEYS_PER_STRIPE));
    return Integer.highestOneBit((int) wanted);
  }

  private int stripeOf(long hash) {
    return (int) (hash >>> stripeShift);
  }

  /** One open-addressing table; every method runs under {@link #lock}. */
  private final class Stripe {
    final ReentrantLock lock = new ReentrantLock();
    long[] table = new long[INITIAL_SLOTS * 4];
    /** Written under the lock; read without it only as the eviction's hint of which stripe is fullest. */
    volatile int count;
    boolean lastPutWasNew;
    int dropped;

    /** Expired keys dropped by a growth since the last call. */
    int takeDropped() {
      int n = dropped;
      dropped = 0;
      return n;
    }

    private int mask() {
      return (table.length >>> 2) - 1;
    }

    Receipt putIfAbsent(long hash, long khi, long klo, long rhi, long rlo, long now) {
      lastPutWasNew = false;
      if ((count + 1) * 4L > (table.length >>> 2) * 3L) {
        dropped += rebuild(table.length * 2, now, Long.MIN_VALUE, 0, 0, 0);
      }
      int mask = mask();
      for (int i = (int) hash & mask; ; i = (i + 1) & mask) {
        int b = i << 2;
        long held = table[b + 2];
        if (held == 0) {
          table[b] = khi;
          table[b + 1] = klo;
          table[b + 2] = rhi;
          table[b + 3] = rlo;
          count++;
          lastPutWasNew = true;
          return null;
        }
        if (table[b] == khi && table[b + 1] == klo) {
          if (expired(held, now)) {
            table[b + 2] = rhi;
            table[b + 3] = rlo;
            return null;
          }
          return new Receipt(held, table[b + 3]);
        }
      }
    }

    /** Compare-and-remove, with backward-shift deletion (no tombstones). */
    boolean remove(long hash, long khi, long klo, long rhi, long rlo) {
      int mask = mask();
      int i = (int) hash & mask;
      for (; ; i = (i + 1) & mask) {
        int b = i << 2;
        if (table[b + 2] == 0) {
          return false;
        }
        if (table[b] == khi && table[b + 1] == klo) {
          if (table[b + 2] != rhi || table[b + 3] != rlo) {
            return false;
          }
          break;
        }
      }
      // Shift later entries of the same probe run back into the hole, so that lookups never stop early.
      int hole = i;
      for (int j = (hole + 1) & mask; table[(j << 2) + 2] != 0; j = (j + 1) & mask) {
        int home = (int) mix(table[j << 2], table[(j << 2) + 1]) & mask;
        boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
        if (movable) {
          System.arraycopy(table, j << 2, table, hole << 2, 4);
          hole = j;
        }
      }
      Arrays.fill(table, hole << 2, (hole << 2) + 4, 0L);
      count--;
      return true;
    }

    /**
     * Drops expired keys and the oldest sixteenth of the rest (at least one key), never the key {@code khi/klo}
     * that was just claimed; answers how many keys went.
     */
    long evictOldest(long now, long khi, long klo) {
      long[] times = new long[count];
      int n = 0;
      for (int b = 0; b < table.length; b += 4) {
        if (table[b + 2] != 0 && !(table[b] == khi && table[b + 1] == klo)) {
          times[n++] = table[b + 2] >>> 16;
        }
      }
      if (n == 0) {
        return rebuild(table.length, now, Long.MIN_VALUE, 0, khi, klo);
      }
      Arrays.sort(times, 0, n);
      int quota = Math.max(1, n / EVICT_SHARE);
      long cutoff = times[quota - 1];
      int older = 0;
      while (older < n && times[older] < cutoff) {
        older++;
      }
      return evictInPlace(now, cutoff, quota - older, khi, klo);
    }

    /**
     * {@link #rebuild} at the same size, without a new table: drops what rebuild would drop (expired keys, keys
     * before {@code cutoffMillis}, the first {@code ties} at it, never {@code khi/klo}), then re-seats every
     * survivor in place. A full ledger evicts a sixteenth of a stripe every few hundred claims, and a new 128 KiB
     * table each time (at 10M keys) was garbage the young collections had to copy.
     *
     * <p>Re-seating: starting just after a slot that was empty before the drops (a cluster boundary; a slot just
     * emptied may sit mid-cluster), so that every cluster is walked from its first slot, each
     * key is lifted out and put back at the first free slot from its home. Keys before it in its cluster are
     * already placed, so its path from home is free of holes; keys after it are re-seated in their turn.
     */
    private int evictInPlace(long now, long cutoffMillis, int ties, long khi, long klo) {
      long[] t = table;
      int before = count;
      int slots = t.length >>> 2;
      int mask = slots - 1;
      int empty = 0; // a slot empty before any drop: a cluster boundary (a slot emptied below may be mid-cluster)
      while (empty < slots && t[(empty << 2) + 2] != 0) {
        empty++;
      }
      if (empty == slots) { // cannot happen (the load factor keeps a quarter of the slots empty): the old way
        return rebuild(t.length, now, cutoffMillis, ties, khi, klo);
      }
      for (int slot = 0; slot < slots; slot++) {
        int b = slot << 2;
        long rhi = t[b + 2];
        if (rhi == 0) {
          continue;
        }
        if (expired(rhi, now)) {
          dropSlot(t, b);
          continue;
        }
        if (!evicted(rhi >>> 16, t[b] == khi && t[b + 1] == klo, cutoffMillis, ties)) {
          continue;
        }
        if (rhi >>> 16 == cutoffMillis) {
          ties--;
        }
        dropSlot(t, b);
      }
      for (int k = 1; k <= slots; k++) {
        int b = ((empty + k) & mask) << 2;
        if (t[b + 2] == 0) {
          continue;
        }
        long k0 = t[b];
        long k1 = t[b + 1];
        long r0 = t[b + 2];
        long r1 = t[b + 3];
        t[b + 2] = 0;
        int i = (int) mix(k0, k1) & mask;
        while (t[(i << 2) + 2] != 0) {
          i = (i + 1) & mask;
        }
        int to = i << 2;
        t[b] = 0;
        t[b + 1] = 0;
        t[b + 3] = 0;
        t[to] = k0;
        t[to + 1] = k1;
        t[to + 2] = r0;
        t[to + 3] = r1;
      }
      return before - count;
    }

    private void dropSlot(long[] t, int b) {
      t[b] = 0;
      t[b + 1] = 0;
      t[b + 2] = 0;
      t[b + 3] = 0;
      count--;
    }

    /**
     * Whether an eviction with this cutoff drops a key accepted at {@code millis}: before the cutoff, or at it
     * while {@code ties} remain; never {@code kept} (the key just claimed).
     */
    private boolean evicted(long millis, boolean kept, long cutoffMillis, int ties) {
      return !kept && (millis < cutoffMillis || (millis == cutoffMillis && ties > 0));
    }

    /**
     * Re-inserts into {@code longs} longs every unexpired key except those whose receipt time is before
     * {@code cutoffMillis} and the first {@code ties} at it (never the key {@code khi/klo}); answers how many
     * keys were dropped.
     */
    private int rebuild(int longs, long now, long cutoffMillis, int ties, long khi, long klo) {
      long[] old = table;
      int before = count;
      table = new long[longs];
      count = 0;
      int mask = mask();
      for (int b = 0; b < old.length; b += 4) {
        long rhi = old[b + 2];
        if (rhi == 0 || expired(rhi, now)) {
          continue;
        }
        long millis = rhi >>> 16;
        if (evicted(millis, old[b] == khi && old[b + 1] == klo, cutoffMillis, ties)) {
          if (millis == cutoffMillis) {
            ties--;
          }
          continue;
        }
        int i = (int) mix(old[b], old[b + 1]) & mask;
        while (table[(i << 2) + 2] != 0) {
          i = (i + 1) & mask;
        }
        System.arraycopy(old, b, table, i << 2, 4);
        count++;
      }
      return before - count;
    }
  }
}
