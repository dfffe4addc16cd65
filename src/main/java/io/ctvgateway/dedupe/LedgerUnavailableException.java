package io.ctvgateway.dedupe;

/**
 * The ledger cannot answer now (Redis unreachable, slow, saturated, or another gateway's claim of the key not
 * yet committed); nothing was claimed. Control flow: no stack trace. Ingest answers 503 with Retry-After.
 */
public final class LedgerUnavailableException extends RuntimeException {
  private final String problem;

  LedgerUnavailableException(String problem, String message) {
    super(message, null, false, false);
    this.problem = problem;
  }

  /** A short code: {@code busy}, {@code claim_in_progress}. */
  public String problem() {
    return problem;
  }
}
