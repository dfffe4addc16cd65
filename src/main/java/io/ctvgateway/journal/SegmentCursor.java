package io.ctvgateway.journal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A position in the journal that reads forward: durable, unsettled records in seq order. Reader
 * thread only.
 *
 * <p>It reads a segment up to the size the writer published as durable; at that point it waits
 * if the segment is still active, or moves to the next segment if it is sealed (a sealed
 * segment's published size is final). Records below its seq, or already settled, are read past
 * without copying their payload. A region that no longer verifies (corruption after recovery)
 * is skipped the same way the recovery scan skips it. When its segment is deleted under it, the
 * cursor finds its place again by seq.
 */
final class SegmentCursor {
  private final Segments segments;
  private final SettledSet settled;
  private final FrameScanner scanner;
  private Segment segment;
  private long position;
  private long nextSeq;
  private long minFrameSeq;

  SegmentCursor(Segments segments, SettledSet settled, FrameScanner scanner, long fromSeq) {
    this.segments = segments;
    this.settled = settled;
    this.scanner = scanner;
    this.nextSeq = fromSeq;
  }

  /** Up to {@code max} records, possibly none; the cursor moves past what it returns. */
  List<JournalRecord> read(int max) throws IOException {
    List<JournalRecord> out = new ArrayList<>(Math.min(max, 1024));
    while (out.size() < max) {
      if ((segment == null || segment.deleted()) && !enter(segments.locate(nextSeq))) {
        break;
      }
      boolean sealed = segment.sealed();
      long limit = segment.durableSize();
      if (position < limit) {
        FrameScanner.Frame frame = scanner.next(position, limit, minFrameSeq);
        if (frame == null) {
          position = limit;
          continue;
        }
        position = frame.end();
        minFrameSeq = frame.seq() + 1;
        if (frame.seq() >= nextSeq && !settled.isSettled(frame.seq())) {
          out.add(new JournalRecord(frame.seq(), scanner.payload(frame)));
        }
        nextSeq = Math.max(nextSeq, frame.seq() + 1);
        continue;
      }
      if (!sealed || !enter(segments.after(segment))) {
        break;
      }
    }
    return out;
  }

  private boolean enter(Segment next) throws IOException {
    if (next == null) {
      return false;
    }
    segment = next;
    position = 0;
    minFrameSeq = next.firstSeq();
    scanner.reset(next.readChannel());
    return true;
  }
}
