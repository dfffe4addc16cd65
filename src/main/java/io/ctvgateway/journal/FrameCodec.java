package io.ctvgateway.journal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The on-disk record frame. Every record is written as
 *
 * <pre>
 *   magic   int   0x4354564A ("CTVJ"), where a resynchronizing scan looks for the next record
 *   length  int   payload length in bytes, 0..{@link Journal#MAX_PAYLOAD_BYTES}
 *   crc     int   CRC32C of the 8 seq bytes followed by the payload
 *   seq     long  the record's sequence number
 *   payload byte[length]
 * </pre>
 *
 * All integers are big-endian. The CRC covers seq and payload, which are adjacent, so a reader
 * checks a frame with one CRC pass over {@code [start + 12, end)}. A wrong length makes that pass
 * cover the wrong bytes and fail too.
 */
final class FrameCodec {
  static final int MAGIC = 0x4354564A;
  static final int HEADER_BYTES = 20;
  /** Offset of the seq field, where the CRC-covered bytes start. */
  static final int SEQ_OFFSET = 12;

  private FrameCodec() {}

  static int frameBytes(int payloadLength) {
    return HEADER_BYTES + payloadLength;
  }

  /** Writes one frame at the buffer's position; the caller made sure it has room. */
  static void encode(ByteBuffer out, long seq, byte[] payload, CRC32C crc, byte[] seqScratch) {
    for (int i = 7; i >= 0; i--) {
      seqScratch[i] = (byte) (seq >>> (8 * (7 - i)));
    }
    crc.reset();
    crc.update(seqScratch, 0, 8);
    crc.update(payload, 0, payload.length);
    out.putInt(MAGIC);
    out.putInt(payload.length);
    out.putInt((int) crc.getValue());
    out.putLong(seq);
    out.put(payload);
  }
}
