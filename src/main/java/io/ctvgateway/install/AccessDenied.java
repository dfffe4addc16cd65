package io.ctvgateway.install;

import java.util.Objects;

/**
 * The gateway does not serve this request's app, or the request did not show the app's client key: the client
 * (or the operator) must change something, and nothing was stored. A reason and a message, no HTTP status
 * (ingest maps it: 403 and 401). Control flow: no stack trace.
 */
public final class AccessDenied extends RuntimeException {

  /** Why access was denied. */
  public enum Reason {
    /** The app id is not in {@code apps} and the policy is {@code reject}. */
    UNKNOWN_APP,
    /** The app has client keys and the request carried none, or another one. */
    INVALID_CLIENT_KEY
  }

  private final Reason reason;
  private final String field;

  AccessDenied(Reason reason, String field, String message) {
    super(message, null, false, false);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.field = field;
  }

  public Reason reason() {
    return reason;
  }

  /** {@code unknown_app} or {@code invalid_client_key}. */
  public String code() {
    return reason.name().toLowerCase(java.util.Locale.ROOT);
  }

  public String field() {
    return field;
  }
}
