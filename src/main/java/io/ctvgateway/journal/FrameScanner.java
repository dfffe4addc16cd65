package io.ctvgateway.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Finds verified frames in a region of a segment file, with positional reads through a window.
 *
 * <p>Design note (resynchronization): {@link #next} checks the frame at the given position
 * (magic, length within bounds and within the region, CRC, seq not below {@code minSeq}). If it
 * does not verify, the scanner slides byte by byte to the next magic marker and checks the frame
 * there, until one verifies or the region ends. A corrupt record in the middle therefore costs
 * one skipped region and never stops the scan; the caller sees it as a returned frame whose
 * {@link Frame#start} is past the requested position. Requiring the seq to grow guards against
 * a frame-looking byte sequence inside a payload.
 *
 * <p>Not thread-safe: one scanner per thread. The window stays valid while the file region it
 * covers is not modified, which holds for durable, append-only segments.
 */
final class FrameScanner {
  /** A verified frame: {@code [start, end)} in the file. */
  record Frame(long start, long seq, int payloadLength) {
    long end() {
      return start + FrameCodec.frameBytes(payloadLength);
    }
  }

  private final CRC32C crc = new CRC32C();
  private ByteBuffer window;
  private FileChannel channel;
  private long windowStart;
  private int windowLength;

  FrameScanner(int capacity) {
    window = ByteBuffer.allocate(Math.max(capacity, FrameCodec.frameBytes(Journal.MAX_PAYLOAD_BYTES)));
  }

  /** Reads from another file from now on. */
  void reset(FileChannel newChannel) {
    channel = newChannel;
    windowStart = 0;
    windowLength = 0;
  }

  /**
   * The first verified frame starting at or after {@code pos} and ending at or before
   * {@code limit} whose seq is at least {@code minSeq}; null when there is none.
   */
  Frame next(long pos, long limit, long minSeq) throws IOException {
    for (long at = pos; at + FrameCodec.HEADER_BYTES <= limit; at++) {
      if (!ensure(at, 4, limit)) {
        return null;
      }
      if (window.getInt(index(at)) == FrameCodec.MAGIC) {
        Frame frame = verify(at, limit, minSeq);
        if (frame != null) {
          return frame;
        }
      }
    }
    return null;
  }

  /** A copy of the payload of the frame {@link #next} just returned. */
  byte[] payload(Frame frame) throws IOException {
    ensure(frame.start(), FrameCodec.frameBytes(frame.payloadLength()), frame.end());
    byte[] out = new byte[frame.payloadLength()];
    System.arraycopy(window.array(), index(frame.start()) + FrameCodec.HEADER_BYTES, out, 0, out.length);
    return out;
  }

  private Frame verify(long at, long limit, long minSeq) throws IOException {
    if (!ensure(at, FrameCodec.HEADER_BYTES, limit)) {
      return null;
    }
    int base = index(at);
    int length = window.getInt(base + 4);
    if (length < 0 || length > Journal.MAX_PAYLOAD_BYTES
        || at + FrameCodec.frameBytes(length) > limit) {
      return null;
    }
    int expectedCrc = window.getInt(base + 8);
    if (!ensure(at, FrameCodec.frameBytes(length), limit)) {
      return null;
    }
    base = index(at);
    long seq = window.getLong(base + FrameCodec.SEQ_OFFSET);
    if (seq < minSeq) {
      return null;
    }
    crc.reset();
    crc.update(window.array(), base + FrameCodec.SEQ_OFFSET, 8 + length);
    return (int) crc.getValue() == expectedCrc ? new Frame(at, seq, length) : null;
  }

  private int index(long pos) {
    return (int) (pos - windowStart);
  }

  /** Makes {@code [pos, pos + n)} readable in the window, reading no further than {@code limit}. */
  private boolean ensure(long pos, int n, long limit) throws IOException {
    if (pos >= windowStart && pos + n <= windowStart + windowLength) {
      return true;
    }
    if (pos + n > limit) {
      return false;
    }
    if (n > window.capacity()) {
      window = ByteBuffer.allocate(n);
    }
    window.clear();
    window.limit((int) Math.min(window.capacity(), limit - pos));
    windowStart = pos;
    windowLength = 0;
    while (window.hasRemaining()) {
      int read = channel.read(window, pos + window.position());
      if (read < 0) {
        break;
      }
    }
    windowLength = window.position();
    return windowLength >= n;
  }
}
