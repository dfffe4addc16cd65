package io.ctvgateway.install;

import io.ctvgateway.dedupe.LedgerKey;
import java.util.HexFormat;

/**
 * A device's identity for ordering: delivery sends the records that share one in acceptance order, so an event
 * never overtakes its install. It is the device's install key hash, so every record of one device (its install,
 * its events) has the same order key on every gateway.
 */
public record OrderKey(long high, long low) {

  /** The order key of the device whose install key hashes to {@code deviceKey}. */
  public static OrderKey of(LedgerKey deviceKey) {
    return new OrderKey(deviceKey.high(), deviceKey.low());
  }

  /** 32 lower-case hex digits, as the journal record stores it. */
  public String hex() {
    return HexFormat.of().toHexDigits(high) + HexFormat.of().toHexDigits(low);
  }

  /** Parses {@link #hex()}. */
  public static OrderKey parse(String hex) {
    LedgerKey key = LedgerKey.parse(hex);
    return new OrderKey(key.high(), key.low());
  }

  @Override
  public String toString() {
    return hex();
  }
}
