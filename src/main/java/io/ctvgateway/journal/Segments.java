package io.ctvgateway.journal;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The live segments by first seq. The writer adds, the reader thread removes, anyone reads.
 */
final class Segments {
  private final ConcurrentSkipListMap<Long, Segment> bySeq = new ConcurrentSkipListMap<>();

  void add(Segment segment) {
    bySeq.put(segment.firstSeq(), segment);
  }

  void remove(Segment segment) {
    bySeq.remove(segment.firstSeq(), segment);
  }

  int count() {
    return bySeq.size();
  }

  /** The segment that would hold {@code seq}, else the first one; null when there is none. */
  Segment locate(long seq) {
    Map.Entry<Long, Segment> floor = bySeq.floorEntry(seq);
    if (floor != null) {
      return floor.getValue();
    }
    Map.Entry<Long, Segment> first = bySeq.firstEntry();
    return first == null ? null : first.getValue();
  }

  /** The segment after this one, or null. */
  Segment after(Segment segment) {
    Map.Entry<Long, Segment> next = bySeq.higherEntry(segment.firstSeq());
    return next == null ? null : next.getValue();
  }

  Iterable<Segment> all() {
    return bySeq.values();
  }

  /**
   * Approximate bytes from the low-water mark to the end: every segment above the one holding
   * {@code lowWaterMark}, plus that one's bytes pro-rated by seq between its first seq and the
   * next segment's (or {@code nextSeq} for the last one).
   */
  long bytesFrom(long lowWaterMark, long nextSeq) {
    long bytes = 0;
    for (Map.Entry<Long, Segment> e : bySeq.entrySet()) {
      Segment s = e.getValue();
      Long higher = bySeq.higherKey(e.getKey());
      long end = higher == null ? nextSeq : higher;
      if (end <= lowWaterMark) {
        continue;
      }
      long size = s.durableSize();
      if (lowWaterMark <= s.firstSeq() || end <= s.firstSeq()) {
        bytes += size;
      } else {
        bytes += (long) (size * ((double) (end - lowWaterMark) / (end - s.firstSeq())));
      }
    }
    return bytes;
  }
}
