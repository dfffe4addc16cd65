package io.ctvgateway.kochava;

/** What one answer from Kochava means for the record that was sent. */
public enum Verdict {
  /** 200 with a success flag: settled. */
  DELIVERED,
  /** 5xx, timeouts, connection errors, unreadable 200s: back off and send again. */
  RETRY,
  /** 429: Kochava asks us to slow down; honour {@code Retry-After}. */
  THROTTLED,
  /** Any other 4xx, or a 200 that says it failed: will never succeed, dead letter at once. */
  INVALID,
  /** 401/403, or a redirect: our key, app config or URL is wrong. Retry slowly and loudly, never dead-letter for it. */
  MISCONFIGURED
}
