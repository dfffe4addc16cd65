package io.ctvgateway.kochava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class UpstreamRequestTest {
  static final UpstreamRequest REQUEST = new UpstreamRequest("01KB0000000000000000000000", "roku", "koctv-app",
      1_764_324_000_000L, "{\"action\":\"install\",\"data\":{\"device_ua\":\"Roku\\/DVP\",\"name\":\"é ☃\"}}",
      "Roku/DVP-12.0 (12.0.0.4186)", "{\"app_id\":\"koctv-app\"}", "0123456789abcdef0123456789abcdef",
      "fedcba9876543210fedcba9876543210");

  @Test
  void binaryRecordRoundTripsEveryFieldIncludingNonAscii() {
    assertEquals(REQUEST, UpstreamRequest.fromBytes(REQUEST.toBytes()));
  }

  @Test
  void nullKeysRoundTrip() {
    UpstreamRequest legacy = new UpstreamRequest("r", "p", "a", 1, "{}", "Unknown", "{}", null, null);
    assertEquals(legacy, UpstreamRequest.fromBytes(legacy.toBytes()));
  }

  @Test
  void jsonRecordsOfEarlierVersionsStillRead() {
    byte[] json = REQUEST.toJson().encode().getBytes(StandardCharsets.UTF_8);
    assertEquals(REQUEST, UpstreamRequest.fromBytes(json));
  }

  @Test
  void truncatedOrForeignBytesAreRefusedNotMisread() {
    byte[] bytes = REQUEST.toBytes();
    assertThrows(IllegalArgumentException.class, () -> UpstreamRequest.fromBytes(Arrays.copyOf(bytes, bytes.length - 3)));
    assertThrows(IllegalArgumentException.class, () -> UpstreamRequest.fromBytes(new byte[] {7, 1, 2}));
  }

  @Test
  void keysAreReadWithoutDecodingTheRest() {
    assertEquals(new UpstreamRequest.Keys(REQUEST.receipt(), REQUEST.ledgerKey()), UpstreamRequest.keysOf(REQUEST.toBytes()));
    byte[] json = REQUEST.toJson().encode().getBytes(StandardCharsets.UTF_8);
    assertEquals(new UpstreamRequest.Keys(REQUEST.receipt(), REQUEST.ledgerKey()), UpstreamRequest.keysOf(json));
    UpstreamRequest unkeyed = new UpstreamRequest("r", "p", "a", 1, "{}", "Unknown", "{}", "k", null);
    assertEquals(new UpstreamRequest.Keys("r", null), UpstreamRequest.keysOf(unkeyed.toBytes()));
  }
}
