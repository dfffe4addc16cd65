package io.ctvgateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConnectionLimitsTest {
  @Test
  void oneAddressGetsItsShareAndAnotherAddressStillGetsIn() {
    ConnectionLimits limits = new ConnectionLimits(100, 3);
    for (int i = 0; i < 3; i++) {
      assertTrue(limits.open("198.51.100.1"));
    }
    assertFalse(limits.open("198.51.100.1"), "past the per-address cap");
    assertTrue(limits.open("203.0.113.5"), "another address");
    limits.close("198.51.100.1");
    assertTrue(limits.open("198.51.100.1"), "a place given back is taken again");
    assertEquals(4, limits.openConnections());
  }

  @Test
  void theTotalCapHoldsAcrossAddressesAndARefusalTakesNothing() {
    ConnectionLimits limits = new ConnectionLimits(5, 1_000);
    for (int i = 0; i < 5; i++) {
      assertTrue(limits.open("10.0.0." + i));
    }
    assertFalse(limits.open("10.0.0.99"));
    assertEquals(5, limits.openConnections());
    limits.close("10.0.0.0");
    assertTrue(limits.open("10.0.0.99"));
  }
}
