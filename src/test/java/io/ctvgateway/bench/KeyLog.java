package io.ctvgateway.bench;

import io.ctvgateway.journal.FsyncMode;
import io.ctvgateway.journal.Journal;
import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 8's data: a gateway data directory whose ledger key log holds {@code keys} settled install keys, as
 * the embedded ledger writes them (32 bytes: the 128-bit key, the 128-bit receipt, whose time is now, so none has
 * expired). The gateway loads them all at start, as after a long life.
 */
final class KeyLog {
  private KeyLog() {}

  static void write(Path dataDir, long keys, long runId) throws Exception {
    SplittableRandom random = new SplittableRandom(runId);
    long now = System.currentTimeMillis();
    try (Journal log = Journal.open(JournalThroughput.shipped(dataDir.resolve("ledger"), FsyncMode.NONE))) {
      Future<Long> last = null;
      for (long i = 0; i < keys; i++) {
        byte[] record = ByteBuffer.allocate(32).putLong(random.nextLong()).putLong(random.nextLong())
            .putLong(((now - (keys - i) / 1000) << 16) | (i & 0xFFFF)).putLong(random.nextLong()).array();
        last = log.append(record);
        if (i % 50_000 == 49_999) {
          last.await(60, TimeUnit.SECONDS);
        }
      }
      if (last != null) {
        last.await(60, TimeUnit.SECONDS);
      }
      log.syncNow();
    }
  }
}
