package io.ctvgateway.process;

import io.ctvgateway.install.AcceptedInstall;
import io.ctvgateway.install.AcceptedInstallCodec;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The journal's segment files ({@code <data_dir>/journal/segment-<first seq>.log}) read from the outside, the
 * way the frame format is documented in {@code FrameCodec}: {@code magic "CTVJ" | length | CRC32C | seq |
 * payload}, big-endian, the CRC over seq and payload. Each payload is an {@link AcceptedInstall}. For tests
 * that check what a stopped or killed gateway left on disk, and that damage it on purpose.
 */
final class JournalFiles {
  static final int MAGIC = 0x4354564A;
  static final int HEADER_BYTES = 20;

  private JournalFiles() {}

  /** One verified record: {@code [offset, offset + frameBytes())} in {@code segment}. */
  record Frame(Path segment, long offset, int payloadLength, long seq, AcceptedInstall install) {
    int frameBytes() {
      return HEADER_BYTES + payloadLength;
    }

    /** The RIDA in the Kochava body (what the fake Kochava will see). */
    String rida() {
      return ridaOf(new JsonObject(install.body()));
    }
  }

  /** The RIDA of a Kochava install body. */
  static String ridaOf(JsonObject kochavaBody) {
    return kochavaBody.getJsonObject("data").getJsonObject("device_ids").getString("rida");
  }

  /** The segment files in seq order. */
  static List<Path> segments(Path journalDir) throws IOException {
    try (Stream<Path> files = Files.list(journalDir)) {
      return files.filter(f -> f.getFileName().toString().matches("segment-\\d{20}\\.log")).sorted().toList();
    }
  }

  /**
   * Every record of every segment, in file order. A segment is read up to its first frame that does not
   * verify (a crash may leave a torn tail; nothing after it is trusted).
   */
  static List<Frame> read(Path journalDir) throws IOException {
    List<Frame> frames = new ArrayList<>();
    for (Path segment : segments(journalDir)) {
      frames.addAll(read(segment, Files.readAllBytes(segment)));
    }
    return frames;
  }

  private static List<Frame> read(Path segment, byte[] bytes) {
    List<Frame> frames = new ArrayList<>();
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CRC32C crc = new CRC32C();
    int pos = 0;
    while (pos + HEADER_BYTES <= bytes.length) {
      int magic = in.getInt(pos);
      int length = in.getInt(pos + 4);
      int expectedCrc = in.getInt(pos + 8);
      long seq = in.getLong(pos + 12);
      if (magic != MAGIC || length < 0 || pos + HEADER_BYTES + length > bytes.length) {
        break;
      }
      crc.reset();
      crc.update(bytes, pos + 12, 8 + length);
      if ((int) crc.getValue() != expectedCrc) {
        break;
      }
      byte[] payload = new byte[length];
      System.arraycopy(bytes, pos + HEADER_BYTES, payload, 0, length);
      frames.add(new Frame(segment, pos, length, seq, AcceptedInstallCodec.fromBytes(payload)));
      pos += HEADER_BYTES + length;
    }
    return frames;
  }
}
