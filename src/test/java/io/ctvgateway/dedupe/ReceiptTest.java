package io.ctvgateway.dedupe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.profile.InstallKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ReceiptTest {
  @Test
  void receiptIsTwentySixCrockfordCharactersThatParseBack() {
    Clock clock = Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC);
    for (int i = 0; i < 1_000; i++) {
      Receipt receipt = Receipt.next(clock);
      String text = receipt.toString();
      assertTrue(text.matches("[0-9A-HJKMNP-TV-Z]{26}"), text);
      assertEquals(receipt, Receipt.parse(text));
      assertEquals(clock.millis(), receipt.millis());
    }
  }

  @Test
  void receiptsSortByTime() {
    Receipt earlier = Receipt.next(Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC));
    Receipt later = Receipt.next(Clock.fixed(Instant.ofEpochMilli(1_700_000_000_001L), ZoneOffset.UTC));
    assertTrue(earlier.toString().compareTo(later.toString()) < 0);
  }

  @Test
  void ledgerKeyDependsOnEveryPartAndRoundTripsAsHex() {
    LedgerKey key = LedgerKey.of("app", "roku", new InstallKey("rida", "fa73d67d-f55c-5af3-883a-726253dc7d0e"));
    assertEquals(key, LedgerKey.of("app", "roku", new InstallKey("rida", "fa73d67d-f55c-5af3-883a-726253dc7d0e")));
    assertNotEquals(key, LedgerKey.of("app2", "roku", new InstallKey("rida", "fa73d67d-f55c-5af3-883a-726253dc7d0e")));
    assertNotEquals(key, LedgerKey.of("app", "lg-webos", new InstallKey("rida", "fa73d67d-f55c-5af3-883a-726253dc7d0e")));
    assertNotEquals(key, LedgerKey.of("app", "roku", new InstallKey("channel_client_id", "fa73d67d-f55c-5af3-883a-726253dc7d0e")));
    assertEquals(32, key.hex().length());
    assertEquals(key, LedgerKey.parse(key.hex()));
  }
}
