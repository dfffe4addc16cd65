package io.ctvgateway.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One segment file, {@code segment-<first seq, 20 digits>.log}, and what readers may read of it.
 *
 * <p>The writer thread publishes {@link #durableSize()} after each durable write, then
 * {@link #seal()}s the segment when it rolls to the next one. Readers read {@link #sealed()}
 * first and the size second, so a sealed segment's size is final. The read channel belongs to
 * the reader thread alone.
 */
final class Segment {
  private final long firstSeq;
  private final Path path;
  private volatile long durableSize;
  private volatile boolean sealed;
  private FileChannel readChannel;
  private boolean deleted;

  Segment(long firstSeq, Path path, long durableSize, boolean sealed) {
    this.firstSeq = firstSeq;
    this.path = path;
    this.durableSize = durableSize;
    this.sealed = sealed;
  }

  static String fileName(long firstSeq) {
    return String.format("segment-%020d.log", firstSeq);
  }

  /** The first seq encoded in a segment file name, or -1 when the name is not a segment's. */
  static long parseFirstSeq(String fileName) {
    if (!fileName.startsWith("segment-") || !fileName.endsWith(".log") || fileName.length() != 32) {
      return -1;
    }
    try {
      return Long.parseLong(fileName.substring(8, 28));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  long firstSeq() {
    return firstSeq;
  }

  Path path() {
    return path;
  }

  long durableSize() {
    return durableSize;
  }

  void durableSize(long size) {
    durableSize = size;
  }

  boolean sealed() {
    return sealed;
  }

  void seal() {
    sealed = true;
  }

  /** Reader thread only. */
  FileChannel readChannel() throws IOException {
    if (readChannel == null) {
      readChannel = FileChannel.open(path, StandardOpenOption.READ);
    }
    return readChannel;
  }

  /** Reader thread only: closes the read channel and marks the segment gone. */
  void markDeleted() throws IOException {
    deleted = true;
    closeReader();
  }

  /** Reader thread only. */
  boolean deleted() {
    return deleted;
  }

  /** Reader thread only. */
  void closeReader() throws IOException {
    if (readChannel != null) {
      readChannel.close();
      readChannel = null;
    }
  }

  @Override
  public String toString() {
    return path.getFileName().toString();
  }
}
