package io.ctvgateway;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One process per data directory: an exclusive lock on {@code data_dir/gateway.lock}, taken before any journal
 * opens and held until the gateway stops (the kernel drops it when the process dies, even on SIGKILL, so a
 * crash never leaves a stale lock behind). The file holds the holder's pid, so the second process can say who
 * has it. Two gateways on one directory would otherwise both append to the same journal segments.
 */
final class DataDirLock implements AutoCloseable {
  static final String FILE = "gateway.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Thrown when another process holds the directory. */
  static final class HeldException extends IOException {
    HeldException(String message) {
      super(message);
    }
  }

  /**
   * Blocking. Creates the directory if needed and takes its lock without waiting.
   *
   * @throws HeldException when another process (or this one) holds it, naming the holder's pid
   */
  static DataDirLock acquire(Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    Path file = dataDir.resolve(FILE);
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by this very JVM
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      String holder = holder(channel);
      channel.close();
      throw new HeldException(dataDir.toAbsolutePath() + " is in use by another ctv-gateway process (pid "
          + holder + ", lock " + file.toAbsolutePath() + "): one process per data_dir; stop it or give this one"
          + " another data_dir");
    }
    channel.truncate(0);
    channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
    channel.force(false);
    return new DataDirLock(channel, lock);
  }

  private static String holder(FileChannel channel) {
    try {
      ByteBuffer buffer = ByteBuffer.allocate(32);
      channel.read(buffer, 0);
      String pid = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
      return pid.isEmpty() ? "unknown" : pid;
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** Releases the lock; the file stays (deleting it would race with a process taking it). */
  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
