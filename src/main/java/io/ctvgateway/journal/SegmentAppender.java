package io.ctvgateway.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The active segment as the writer thread sees it: frames are encoded into a direct buffer and
 * written with positional writes; the writer decides when to force and publish. Writer thread only.
 *
 * <p>Segments roll before a record that would cross {@code segmentBytes} (a record larger than a
 * segment gets a segment of its own). Writing always resumes in a fresh segment after a restart,
 * so recovered segments are never written again. Creating a segment fsyncs the directory, so the
 * new file survives a power loss along with the records forced into it.
 */
final class SegmentAppender {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentAppender.class);

  private final JournalOptions options;
  private final Segments segments;
  private final ByteBuffer buffer =
      ByteBuffer.allocateDirect(Math.max(1 << 20, FrameCodec.frameBytes(Journal.MAX_PAYLOAD_BYTES)));
  private final CRC32C crc = new CRC32C();
  private final byte[] seqScratch = new byte[8];
  private long nextSeq;
  private Segment active;
  private FileChannel out;
  private long position;

  SegmentAppender(JournalOptions options, Segments segments, long nextSeq) {
    this.options = options;
    this.segments = segments;
    this.nextSeq = nextSeq;
  }

  /** When the active segment was started (its first record follows at once). */
  private long startedNanos;

  long nextSeq() {
    return nextSeq;
  }

  /** Bytes written to the active segment so far, buffered ones included. */
  long position() {
    return position + buffer.position();
  }

  Segment active() {
    return active;
  }

  /**
   * Seals the active segment if its first record was written more than {@code retentionNanos} ago, so that once
   * its records settle it can be deleted (and the raw identifiers in it with it). True when it did.
   */
  boolean rollIfOlderThan(long retentionNanos) throws IOException {
    if (active == null || position() == 0 || System.nanoTime() - startedNanos < retentionNanos) {
      return false;
    }
    LOG.debug("event=journal_segment_retired segment={} reason=retention", active);
    // A new (empty) active segment at once: the retired one is no longer the last, so it can be deleted when
    // settled, while the last segment's name still carries the next seq.
    prepare(Integer.MAX_VALUE);
    return true;
  }

  /** True when a frame of this size still belongs in the active segment. */
  boolean fits(int frameBytes) {
    return active != null && (position() == 0 || position() + frameBytes <= options.segmentBytes());
  }

  /** Rolls to a new segment unless the next frame fits in the active one. */
  void prepare(int frameBytes) throws IOException {
    if (fits(frameBytes)) {
      return;
    }
    close();
    Path path = options.dir().resolve(Segment.fileName(nextSeq));
    out = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    if (options.fsync() != FsyncMode.NONE) {
      Checkpoint.syncDirectory(options.dir());
    }
    active = new Segment(nextSeq, path, 0, false);
    position = 0;
    startedNanos = System.nanoTime();
    segments.add(active);
    LOG.debug("event=journal_segment_started segment={}", active);
  }

  /** Encodes one record with the next seq; returns that seq. */
  long append(byte[] payload) throws IOException {
    if (buffer.remaining() < FrameCodec.frameBytes(payload.length)) {
      flush();
    }
    FrameCodec.encode(buffer, nextSeq, payload, crc, seqScratch);
    return nextSeq++;
  }

  void flush() throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      position += out.write(buffer, position);
    }
    buffer.clear();
  }

  /** Forces the active segment, if one is open (sealed ones were forced when they were sealed). */
  void forceActive() throws IOException {
    if (active != null && out != null) {
      out.force(false);
    }
  }

  /** Makes everything written so far readable by the delivery cursor. */
  void publish() {
    active.durableSize(position);
  }

  /** Undoes a failed write: cuts the segment back and reuses the seqs. */
  void rollBack(long toPosition, long toSeq) throws IOException {
    buffer.clear();
    out.truncate(toPosition);
    position = toPosition;
    nextSeq = toSeq;
  }

  /** Seals the active segment and closes its file; forces it first in NONE mode. */
  void close() {
    if (active == null) {
      return;
    }
    active.seal();
    try {
      if (options.fsync() == FsyncMode.NONE) {
        out.force(false);
      }
      out.close();
    } catch (IOException e) {
      LOG.warn("event=journal_segment_close_failed segment={} reason={}", active, e.toString());
    }
    active = null;
    out = null;
  }
}
