package io.ctvgateway.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The checkpoint file: what is settled, replaced atomically.
 *
 * <pre>
 *   magic          int   0x43545643 ("CTVC")
 *   version        int   1
 *   lowWaterMark   long  every lower seq is settled
 *   bitsLength     int   length of the next field
 *   bits           byte[bitsLength]  BitSet.toByteArray() of settled seqs, bit i = lowWaterMark + i
 *   crc            int   CRC32C of everything before it
 * </pre>
 *
 * Written as {@code checkpoint.tmp}, fsynced, renamed over {@code checkpoint} with an atomic
 * move, then the directory is fsynced so the rename itself survives a power loss. A reader
 * therefore sees the old or the new checkpoint, never half of one; a file that fails its checks
 * anyway is reported as corrupt and the journal falls back to "nothing settled" (at-least-once).
 */
final class Checkpoint {
  static final String FILE = "checkpoint";
  static final String TEMP_FILE = "checkpoint.tmp";
  private static final int MAGIC = 0x43545643;
  private static final int VERSION = 1;
  private static final int FIXED_BYTES = 4 + 4 + 8 + 4 + 4;

  /** Thrown when the checkpoint file exists but cannot be trusted. */
  static final class CorruptCheckpointException extends IOException {
    CorruptCheckpointException(String message) {
      super(message);
    }
  }

  private Checkpoint() {}

  /** The settled set the checkpoint in {@code dir} describes, or null when there is no file. */
  static SettledSet read(Path dir) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(dir.resolve(FILE));
    } catch (NoSuchFileException e) {
      return null;
    }
    if (bytes.length < FIXED_BYTES) {
      throw new CorruptCheckpointException("checkpoint must be at least " + FIXED_BYTES
          + " bytes, got " + bytes.length);
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    if ((int) crc.getValue() != in.getInt(bytes.length - 4)) {
      throw new CorruptCheckpointException("checkpoint CRC does not match");
    }
    if (in.getInt() != MAGIC || in.getInt() != VERSION) {
      throw new CorruptCheckpointException("checkpoint must start with magic CTVC version 1");
    }
    long lowWaterMark = in.getLong();
    int bitsLength = in.getInt();
    if (lowWaterMark < 1 || bitsLength != bytes.length - FIXED_BYTES) {
      throw new CorruptCheckpointException("checkpoint fields are inconsistent: lowWaterMark="
          + lowWaterMark + " bitsLength=" + bitsLength);
    }
    byte[] bits = new byte[bitsLength];
    in.get(bits);
    return SettledSet.restore(lowWaterMark, bits);
  }

  /** Replaces the checkpoint in {@code dir} atomically and durably. */
  static void write(Path dir, SettledSet.Snapshot snapshot) throws IOException {
    byte[] bits = snapshot.bitsAboveLowWaterMark();
    ByteBuffer out = ByteBuffer.allocate(FIXED_BYTES + bits.length);
    out.putInt(MAGIC).putInt(VERSION).putLong(snapshot.lowWaterMark()).putInt(bits.length).put(bits);
    CRC32C crc = new CRC32C();
    crc.update(out.array(), 0, out.position());
    out.putInt((int) crc.getValue()).flip();
    Path temp = dir.resolve(TEMP_FILE);
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      while (out.hasRemaining()) {
        ch.write(out);
      }
      ch.force(true);
    }
    Files.move(temp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    syncDirectory(dir);
  }

  /** Makes file creations, renames and deletions in {@code dir} durable (POSIX). */
  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }
}
