package io.ctvgateway.install;

import java.util.Locale;
import java.util.Objects;

/**
 * Admission said no, and nothing was stored: the client should send the same request again later. Carries a
 * reason (a stable code, a message and how long to wait) but no HTTP status: ingest maps it to one, in one
 * place. A control-flow exception (no stack trace), so it can fail a {@code Future}.
 */
public final class Refusal extends RuntimeException {

  /** Why an install is refused, with the client's message and how long it should wait. */
  public enum Reason {
    SHUTTING_DOWN("the gateway is shutting down; nothing was stored, send it again", 5),
    DISK_LOW("the gateway's disk is almost full; nothing was stored, send it again later", 60),
    BACKLOG_FULL("the gateway's backlog to Kochava is full; nothing was stored, send it again later", 30),
    LEDGER_UNAVAILABLE("the install ledger cannot be reached; nothing was stored, send it again later", 5),
    STORAGE_UNAVAILABLE("the install could not be stored; nothing was kept, send it again later", 5);

    private final String message;
    private final int retryAfterSeconds;

    Reason(String message, int retryAfterSeconds) {
      this.message = message;
      this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The stable error code, e.g. {@code backlog_full}. */
    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Reason reason;

  public Refusal(Reason reason) {
    super(Objects.requireNonNull(reason, "reason").message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  public String code() {
    return reason.code();
  }

  /** Seconds the client should wait before sending it again. */
  public int retryAfterSeconds() {
    return reason.retryAfterSeconds;
  }
}
