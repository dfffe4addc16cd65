package io.ctvgateway.dedupe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ctvgateway.profile.InstallKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class LedgerKeyTest {
  /**
   * The key is SHA-256's first 128 bits over the tuple: pinned, because ledgers on disk and in Redis hold keys made
   * this way (the vector is Python's hashlib over the same bytes).
   */
  @Test
  void keyIsTheFirstHalfOfSha256OverTheTuple() {
    LedgerKey key = LedgerKey.of("app", "roku", new InstallKey("rida", "fa73d67d-f55c-5af3-883a-726253dc7d0e"));
    assertEquals("bfb5ac362f16d25b87579ffcffdcc645", key.hex());
  }

  /** One digest per thread: threads hashing at once get each tuple's own key, as one thread alone does. */
  @Test
  void threadsHashingAtOnceGetTheSameKeysAsOneThread() throws Exception {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      values.add("device-" + i);
    }
    List<LedgerKey> alone = new ArrayList<>();
    for (String value : values) {
      alone.add(LedgerKey.of("app", "roku", new InstallKey("rida", value)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<LedgerKey>>> runs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        runs.add(pool.submit(() -> {
          List<LedgerKey> keys = new ArrayList<>();
          for (String value : values) {
            keys.add(LedgerKey.of("app", "roku", new InstallKey("rida", value)));
          }
          return keys;
        }));
      }
      for (Future<List<LedgerKey>> run : runs) {
        assertEquals(alone, run.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** hex() is both halves as 16 lower-case digits each, as HexFormat writes them; hex(prefix) puts the prefix first. */
  @Test
  void hexIsBothHalvesAsSixteenLowerCaseDigits() {
    SplittableRandom random = new SplittableRandom(14);
    List<long[]> halves = new ArrayList<>(List.of(new long[] {0, 0}, new long[] {-1, -1},
        new long[] {Long.MIN_VALUE, Long.MAX_VALUE}, new long[] {0x0123456789abcdefL, 0xfedcba9876543210L}));
    for (int i = 0; i < 1_000; i++) {
      halves.add(new long[] {random.nextLong(), random.nextLong()});
    }
    for (long[] h : halves) {
      LedgerKey key = new LedgerKey(h[0], h[1]);
      String expected = HexFormat.of().toHexDigits(h[0]) + HexFormat.of().toHexDigits(h[1]);
      assertEquals(expected, key.hex());
      assertEquals("KG" + expected, key.hex("KG"));
      assertEquals(key, LedgerKey.parse(key.hex()));
    }
  }
}
