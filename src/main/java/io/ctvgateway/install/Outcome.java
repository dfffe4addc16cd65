package io.ctvgateway.install;

import io.ctvgateway.dedupe.Receipt;
import java.util.Objects;

/**
 * What admission made of a submission. A refusal is not an outcome: it fails the future with a {@link Refusal}.
 * Warnings belong to the {@link Submission} (they are about the request, so a duplicate gets them too).
 */
public sealed interface Outcome permits Outcome.Accepted, Outcome.Duplicate {

  /** The receipt the client gets: its own when accepted, the first install's when a duplicate. */
  Receipt receipt();

  /** Durable in the journal: it will reach Kochava or the dead letters. */
  record Accepted(Receipt receipt) implements Outcome {
    public Accepted {
      Objects.requireNonNull(receipt, "receipt");
    }
  }

  /** Accepted before, under {@code receipt}; not forwarded again. */
  record Duplicate(Receipt receipt) implements Outcome {
    public Duplicate {
      Objects.requireNonNull(receipt, "receipt");
    }
  }
}
