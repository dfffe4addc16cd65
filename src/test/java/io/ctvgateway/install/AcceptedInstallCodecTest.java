package io.ctvgateway.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ctvgateway.dedupe.LedgerKey;
import io.ctvgateway.dedupe.Receipt;
import io.ctvgateway.profile.InstallKey;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AcceptedInstallCodecTest {
  static final LedgerKey DEVICE = LedgerKey.of("koctv-app", "roku", new InstallKey("rida", "0f1e2d3c"));
  static final AcceptedInstall INSTALL = new AcceptedInstall(Receipt.parse("01KB0000000000000000000000"), "roku",
      "koctv-app", 1_764_324_000_000L, "{\"action\":\"install\",\"data\":{\"device_ua\":\"Roku\\/DVP\",\"name\":\"é ☃\"}}",
      "Roku/DVP-12.0 (12.0.0.4186)", "{\"app_id\":\"koctv-app\"}", OrderKey.of(DEVICE), DEVICE);

  /** Every field set to a value no other field has, and every nullable field both ways. */
  static Stream<AcceptedInstall> installs() {
    LedgerKey eventKey = LedgerKey.ofEvent(DEVICE, "ev-1");
    return Stream.of(
        INSTALL,
        new AcceptedInstall(Receipt.next(Clock.systemUTC()), "lg-webos", "koctv-lg", 7, "{}", "Unknown", "", null, null),
        new AcceptedInstall(Receipt.next(Clock.systemUTC()), "x", "y", Long.MAX_VALUE, "𝄞".repeat(1000),
            "Mozilla/5.0 (Web0S; Linux/SmartTV)", "{\"event_id\":\"ev-1\"}", OrderKey.of(DEVICE), eventKey),
        new AcceptedInstall(Receipt.next(Clock.systemUTC()), "roku", "koctv-app", 0, "{\"a\":1}", "ua", "{}",
            OrderKey.of(DEVICE), null),
        // One, two, three and four UTF-8 bytes a character, mixed in every text field.
        new AcceptedInstall(Receipt.next(Clock.systemUTC()), "plat\u00e9", "app-\u00fc", 5,
            "{\"n\":\"caf\u00e9 \u20ac \ud834\udd1e x\"}", "TV \u00e9\u20ac\ud834\udd1e", "{\"\u00df\":\"\u4e2d\"}",
            OrderKey.of(DEVICE), null),
        new AcceptedInstall(Receipt.next(Clock.systemUTC()), "roku", "koctv-app", 3, "{\"kochava_app_id\":\"a\"}", "ua",
            "{}", OrderKey.of(DEVICE), LedgerKey.ofEvent(DEVICE, "identity"), AcceptedInstall.IDENTITY_LINK));
  }

  @org.junit.jupiter.api.Test
  void onlyARecordWithATargetIsWrittenInTheSecondFormatSoRollbacksReadEveryInstallAndEvent() {
    assertEquals((byte) 0xC1, AcceptedInstallCodec.toBytes(INSTALL)[0]);
    AcceptedInstall link = new AcceptedInstall(INSTALL.receipt(), "roku", "koctv-app", 1, "{}", "ua", "{}",
        OrderKey.of(DEVICE), DEVICE, AcceptedInstall.IDENTITY_LINK);
    assertEquals((byte) 0xC2, AcceptedInstallCodec.toBytes(link)[0]);
    assertEquals(AcceptedInstall.IDENTITY_LINK, AcceptedInstallCodec.fromJson(AcceptedInstallCodec.toJson(link)).target());
  }

  @ParameterizedTest
  @MethodSource("installs")
  void binaryRecordRoundTripsEveryField(AcceptedInstall install) {
    assertEquals(install, AcceptedInstallCodec.fromBytes(AcceptedInstallCodec.toBytes(install)));
  }

  @ParameterizedTest
  @MethodSource("installs")
  void keysOfReadsWhatToBytesWroteForEveryField(AcceptedInstall install) {
    AcceptedInstallCodec.Keys keys = AcceptedInstallCodec.keysOf(AcceptedInstallCodec.toBytes(install));
    assertEquals(new AcceptedInstallCodec.Keys(install.receipt(), install.ledgerKey()), keys);
  }

  @Test
  void keysOfSkipsEveryFieldBeforeTheLedgerKeyWhateverTheirLengths() {
    // If keysOf skipped one field too few or too many it would read the order key, or run off the end.
    for (int length : List.of(0, 1, 31, 32, 33, 4096)) {
      String text = "k".repeat(length);
      AcceptedInstall install = new AcceptedInstall(Receipt.next(Clock.systemUTC()), text, text, length, text, text,
          text, OrderKey.of(LedgerKey.ofEvent(DEVICE, text)), LedgerKey.ofEvent(DEVICE, "other" + text));
      assertEquals(install.ledgerKey(), AcceptedInstallCodec.keysOf(AcceptedInstallCodec.toBytes(install)).ledgerKey());
    }
  }

  @Test
  void jsonRoundTripsEveryFieldWithReadableNames() {
    JsonObject json = AcceptedInstallCodec.toJson(INSTALL);
    assertEquals(INSTALL.receipt().toString(), json.getString("receipt"));
    assertEquals(DEVICE.hex(), json.getString("ledger_key"));
    installs().forEach(install -> assertEquals(install, AcceptedInstallCodec.fromJson(AcceptedInstallCodec.toJson(install))));
  }

  @Test
  void legacyJsonRecordsWithOneLetterKeysStillRead() {
    JsonObject legacy = new JsonObject()
        .put("r", INSTALL.receipt().toString()).put("p", "roku").put("a", "koctv-app").put("t", INSTALL.acceptedAtMillis())
        .put("b", INSTALL.body()).put("u", INSTALL.userAgent()).put("o", INSTALL.original())
        .put("k", DEVICE.hex()).put("l", DEVICE.hex());
    byte[] bytes = legacy.encode().getBytes(StandardCharsets.UTF_8);
    assertEquals(INSTALL, AcceptedInstallCodec.fromBytes(bytes));
    assertEquals(new AcceptedInstallCodec.Keys(INSTALL.receipt(), DEVICE), AcceptedInstallCodec.keysOf(bytes));
    JsonObject unkeyed = legacy.copy().putNull("k").putNull("l");
    assertNull(AcceptedInstallCodec.fromJson(unkeyed).ledgerKey());
  }

  @Test
  void truncatedOrForeignBytesAreRefusedNotMisread() {
    byte[] bytes = AcceptedInstallCodec.toBytes(INSTALL);
    assertThrows(IllegalArgumentException.class,
        () -> AcceptedInstallCodec.fromBytes(Arrays.copyOf(bytes, bytes.length - 3)));
    assertThrows(IllegalArgumentException.class, () -> AcceptedInstallCodec.fromBytes(new byte[] {7, 1, 2}));
    assertThrows(IllegalArgumentException.class, () -> AcceptedInstallCodec.keysOf(new byte[] {(byte) 0xC1, 1, 2}));
  }

  @org.junit.jupiter.api.Test
  void theCountedUtf8LengthIsTheEncodersForEveryKindOfCharacter() {
    for (String text : List.of("", "ascii", "\u00e9", "\u20ac", "\ud834\udd1e", "a\ud834b", "\udd1ea", "\u007f\u0080\u07ff\u0800\uffff")) {
      assertEquals(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, AcceptedInstallCodec.utf8Length(text), text);
    }
  }
}
