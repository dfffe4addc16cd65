package io.ctvgateway.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientAddressTest {
  private final ClientAddress behindProxies = ClientAddress.trusting(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8"));
  private final ClientAddress direct = ClientAddress.trusting(List.of());

  @ParameterizedTest(name = "peer {0}, XFF ''{1}'' -> {2}")
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      "203.0.113.10 | null                                | 203.0.113.10",
      "203.0.113.10 | 198.51.100.1                        | 203.0.113.10",
      "10.1.2.3     | 198.51.100.1                        | 198.51.100.1",
      "10.1.2.3     | 6.6.6.6, 198.51.100.1               | 198.51.100.1",
      "10.1.2.3     | 6.6.6.6, 198.51.100.1, 192.168.1.7  | 198.51.100.1",
      "10.1.2.3     | 10.9.9.9, 10.8.8.8                  | 10.9.9.9",
      "10.1.2.3     | not-an-ip, 198.51.100.1             | 198.51.100.1",
      "10.1.2.3     | 198.51.100.1, garbage               | 10.1.2.3",
      "10.1.2.3     | 999.1.1.1                           | 10.1.2.3",
      "10.1.2.3     | 198.051.100.001                     | 198.51.100.1",
      "10.1.2.3     | 198.51.100.1, 1.2.3.4.5             | 10.1.2.3",
      "10.1.2.3     | 1..3.4                              | 10.1.2.3",
      "10.1.2.3     | 1.2.3.                              | 10.1.2.3",
      "10.1.2.3     | 1234.2.3.4                          | 10.1.2.3",
      "10.1.2.3     | 198.51.100.1:5555                   | 198.51.100.1",
      "10.1.2.3     | [2001:db8::1]:443                   | 2001:db8:0:0:0:0:0:1",
      "fd00::1      | 2001:db8::2                         | 2001:db8:0:0:0:0:0:2",
  })
  void rightMostUntrustedForwardedAddressWinsOnlyBehindTrustedProxies(String peer, String xff, String expected) {
    assertEquals(expected, behindProxies.resolve(peer, xff));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"10.1.2.3 | 198.51.100.1 | 10.1.2.3", "127.0.0.1 | 1.2.3.4 | 127.0.0.1"})
  void forwardedForIsIgnoredWithoutTrustedProxies(String peer, String xff, String expected) {
    assertEquals(expected, direct.resolve(peer, xff));
  }

  /** The fast path (a canonical dotted quad, returned as it is) and what still goes through parsing. */
  @ParameterizedTest(name = "peer {0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "203.0.113.10    | 203.0.113.10",
      "0.0.0.0         | 0.0.0.0",
      "255.255.255.255 | 255.255.255.255",
      "010.001.0.9     | 10.1.0.9",
      "256.1.1.1       | 256.1.1.1",
      "1.2.3           | 1.2.3",
      "::ffff:10.1.2.3 | 10.1.2.3",
      "2001:db8::1     | 2001:db8:0:0:0:0:0:1",
  })
  void aPeerAddressIsWrittenAsInetAddressWritesIt(String peer, String expected) {
    assertEquals(expected, direct.resolve(peer, null));
    assertEquals(expected, behindProxies.resolve(peer, null));
  }
}
