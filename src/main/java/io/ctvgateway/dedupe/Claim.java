package io.ctvgateway.dedupe;

import java.util.Objects;

/**
 * The ledger's answer to "may this install be accepted?".
 *
 * @param fresh true when this call claimed the key; false when it was taken before
 * @param receipt the caller's receipt when fresh, else the first install's receipt
 */
public record Claim(boolean fresh, Receipt receipt) {
  public Claim {
    Objects.requireNonNull(receipt, "receipt");
  }
}
