package io.ctvgateway.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up scan: checkpoint, then every segment in seq order, verifying every record.
 *
 * <p>Design note: only counters and segment sizes are kept, never payloads, so recovering a big
 * backlog costs a sequential read and a CRC pass (hardware CRC32C) and no memory per record; the
 * delivery cursor re-reads the records lazily. Damage never stops the start:
 * <ul>
 *   <li>a missing or corrupt checkpoint means nothing is settled (everything is re-delivered);</li>
 *   <li>a region that does not verify followed by a verified frame is skipped; a region that does
 *       not verify up to the end of a segment is truncated (in the last segment this is a write the
 *       crash interrupted: its bytes are counted as the torn tail);</li>
 *   <li>records lost are counted exactly by sequence numbers, which are contiguous: every seq
 *       between two intact records (or before the first one) that no intact record carries and that
 *       the checkpoint had not settled is a lost record, whether it was in a corrupt region, the cut
 *       end of a sealed segment, a zeroed segment or a segment deleted by hand. Each gap is logged
 *       with its seqs; a segment deleted after its checkpoint (all settled) loses nothing;</li>
 *   <li>the seqs of those gaps are marked settled, so the low-water mark can pass them.</li>
 * </ul>
 * Writing resumes in a fresh segment after the highest seq seen.
 */
final class Recovery {
  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

  /** The state the journal starts from. */
  record Result(SettledSet settled, Segments segments, long nextSeq, RecoveryReport report) {}

  private final Path dir;
  private final FrameScanner scanner = new FrameScanner(4 << 20);
  private long lastSeq;
  private long records;
  private long unsettled;
  private long corruptRecords;
  private long tornTailBytes;

  private Recovery(Path dir) {
    this.dir = dir;
  }

  static Result run(Path dir) throws IOException {
    return new Recovery(dir).scan();
  }

  private Result scan() throws IOException {
    long started = System.nanoTime();
    Files.createDirectories(dir);
    Files.deleteIfExists(dir.resolve(Checkpoint.TEMP_FILE));
    SettledSet settled = readCheckpoint();
    List<Path> files = segmentFiles();
    Segments segments = new Segments();
    long nextSeq = 1;
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      long firstSeq = Segment.parseFirstSeq(file.getFileName().toString());
      long size = scanSegment(file, firstSeq, settled, i == files.size() - 1);
      nextSeq = Math.max(nextSeq, firstSeq);
      if (size == 0) {
        Files.delete(file);
      } else {
        segments.add(new Segment(firstSeq, file, size, true));
        nextSeq = Math.max(nextSeq, firstSeq + 1);
      }
    }
    nextSeq = Math.max(Math.max(nextSeq, lastSeq + 1), settled.lowWaterMark());
    lost(settled, lastSeq + 1, nextSeq, dir.resolve("(end)"));
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    RecoveryReport report = new RecoveryReport(records, unsettled, corruptRecords, tornTailBytes, took);
    LOG.info("event=journal_recovered dir={} records={} unsettled={} corrupt_records={} torn_tail_bytes={} "
        + "segments={} low_water_mark={} next_seq={} took_ms={}", dir, records, unsettled,
        corruptRecords, tornTailBytes, segments.count(), settled.lowWaterMark(), nextSeq,
        took.toMillis());
    return new Result(settled, segments, nextSeq, report);
  }

  private SettledSet readCheckpoint() {
    try {
      SettledSet settled = Checkpoint.read(dir);
      if (settled != null) {
        return settled;
      }
      LOG.info("event=journal_checkpoint_missing dir={} settled=none", dir);
    } catch (IOException e) {
      LOG.warn("event=journal_checkpoint_unreadable dir={} settled=none reason={}", dir, e.toString());
    }
    return new SettledSet(1);
  }

  /** Scans one segment, repairing it; returns its size after any truncation. */
  private long scanSegment(Path file, long firstSeq, SettledSet settled, boolean last) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      scanner.reset(ch);
      long pos = 0;
      while (true) {
        FrameScanner.Frame frame = scanner.next(pos, size, lastSeq + 1);
        if (frame == null) {
          break;
        }
        if (frame.start() > pos) {
          LOG.warn("event=journal_corrupt_region segment={} offset={} bytes={} resumed_at_seq={}",
              file.getFileName(), pos, frame.start() - pos, frame.seq());
        }
        lost(settled, lastSeq + 1, frame.seq(), file);
        lastSeq = frame.seq();
        records++;
        if (!settled.isSettled(frame.seq())) {
          unsettled++;
        }
        pos = frame.end();
      }
      if (pos < size) {
        truncate(ch, file, pos, size, last);
      }
      return pos;
    }
  }

  private void truncate(FileChannel ch, Path file, long pos, long size, boolean last) throws IOException {
    if (last) {
      tornTailBytes += size - pos;
      LOG.warn("event=journal_torn_tail segment={} offset={} bytes={}", file.getFileName(), pos, size - pos);
    } else {
      // Its records are counted by the seq gap before the next intact record.
      LOG.warn("event=journal_corrupt_tail segment={} offset={} bytes={}", file.getFileName(), pos, size - pos);
    }
    ch.truncate(pos);
    ch.force(true);
  }

  /** Seqs {@code [from, to)} have no intact record: counts and logs those the checkpoint had not settled. */
  private void lost(SettledSet settled, long from, long to, Path nextFound) {
    long lost = settled.settleRangeCounting(from, to);
    if (lost > 0) {
      corruptRecords += lost;
      LOG.warn("event=journal_records_lost dir={} from_seq={} to_seq={} lost_records={} next_intact_in={}", dir, from, to - 1, lost,
          nextFound.getFileName());
    }
  }

  private List<Path> segmentFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "segment-*.log")) {
      for (Path p : stream) {
        if (Segment.parseFirstSeq(p.getFileName().toString()) >= 0) {
          files.add(p);
        }
      }
    }
    files.sort((a, b) -> Long.compare(Segment.parseFirstSeq(a.getFileName().toString()),
        Segment.parseFirstSeq(b.getFileName().toString())));
    return files;
  }
}
