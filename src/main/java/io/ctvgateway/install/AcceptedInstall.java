package io.ctvgateway.install;

import io.ctvgateway.dedupe.LedgerKey;
import io.ctvgateway.dedupe.Receipt;
import io.ctvgateway.json.Utf8Text;
import io.ctvgateway.kochava.KochavaClient;
import java.util.Objects;

/**
 * One accepted install (or event): the exact bytes Kochava will receive, and what operations need to trace
 * it. The journal stores it ({@link AcceptedInstallCodec}), delivery sends it, a dead letter keeps it. The
 * body is built once, at acceptance, so a retry after a restart (or a profile change) sends the very bytes
 * that were accepted, and signing and sending see the same bytes.
 *
 * <p>The body and the original request are held as their UTF-8 bytes ({@link Utf8Text}): they come in as bytes
 * (the request, the record delivery reads) and go out as bytes (the record the journal writes, the request to
 * Kochava), and are text only for a person (a dead letter, a preview). Equal when every field is.
 */
public final class AcceptedInstall {
  /** The {@code target} of an identity link ({@code upstream.identity_link_url}). */
  public static final String IDENTITY_LINK = KochavaClient.IDENTITY_LINK;

  private final Receipt receipt;
  private final String platform;
  private final String appId;
  private final long acceptedAtMillis;
  private final Utf8Text body;
  private final String userAgent;
  private final Utf8Text original;
  private final OrderKey orderKey;
  private final LedgerKey ledgerKey;
  private final String target;

  /**
   * @param receipt the receipt the TV client was given
   * @param platform the profile id
   * @param appId the Kochava app id
   * @param acceptedAtMillis when the gateway accepted it (epoch millis), for the max-age rule and backlog age
   * @param body the Kochava JSON body, serialised
   * @param userAgent the {@code User-Agent} header to send: the device UA, or {@code Unknown}
   * @param original the client's request body as received, kept for dead letters
   * @param orderKey the device's order key; null only for records written before it existed
   * @param ledgerKey the ledger key it was admitted under, or null (an event without {@code event_id}): the
   *     embedded ledger recovers it from unsettled records after a restart
   * @param target where it goes: null for Kochava's {@code /track/json} (installs and events), {@link #IDENTITY_LINK}
   *     for Kochava's IdentityLink endpoint
   */
  public AcceptedInstall(Receipt receipt, String platform, String appId, long acceptedAtMillis, Utf8Text body,
      String userAgent, Utf8Text original, OrderKey orderKey, LedgerKey ledgerKey, String target) {
    this.receipt = Objects.requireNonNull(receipt, "receipt");
    this.platform = Objects.requireNonNull(platform, "platform");
    this.appId = Objects.requireNonNull(appId, "appId");
    this.acceptedAtMillis = acceptedAtMillis;
    this.body = Objects.requireNonNull(body, "body");
    this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
    this.original = Objects.requireNonNull(original, "original");
    this.orderKey = orderKey;
    this.ledgerKey = ledgerKey;
    this.target = target;
  }

  public AcceptedInstall(Receipt receipt, String platform, String appId, long acceptedAtMillis, String body,
      String userAgent, String original, OrderKey orderKey, LedgerKey ledgerKey, String target) {
    this(receipt, platform, appId, acceptedAtMillis, Utf8Text.of(Objects.requireNonNull(body, "body")), userAgent,
        Utf8Text.of(Objects.requireNonNull(original, "original")), orderKey, ledgerKey, target);
  }

  /** An install or event, for {@code /track/json}. */
  public AcceptedInstall(Receipt receipt, String platform, String appId, long acceptedAtMillis, String body,
      String userAgent, String original, OrderKey orderKey, LedgerKey ledgerKey) {
    this(receipt, platform, appId, acceptedAtMillis, body, userAgent, original, orderKey, ledgerKey, null);
  }

  public Receipt receipt() {
    return receipt;
  }

  public String platform() {
    return platform;
  }

  public String appId() {
    return appId;
  }

  public long acceptedAtMillis() {
    return acceptedAtMillis;
  }

  /** The Kochava body as text (decoded on first use). */
  public String body() {
    return body.text();
  }

  /** The Kochava body's bytes, as sent. */
  public Utf8Text bodyBytes() {
    return body;
  }

  public String userAgent() {
    return userAgent;
  }

  /** The client's request as text (decoded on first use). */
  public String original() {
    return original.text();
  }

  public Utf8Text originalBytes() {
    return original;
  }

  public OrderKey orderKey() {
    return orderKey;
  }

  public LedgerKey ledgerKey() {
    return ledgerKey;
  }

  public String target() {
    return target;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AcceptedInstall that
        && acceptedAtMillis == that.acceptedAtMillis
        && receipt.equals(that.receipt)
        && platform.equals(that.platform)
        && appId.equals(that.appId)
        && body.equals(that.body)
        && userAgent.equals(that.userAgent)
        && original.equals(that.original)
        && Objects.equals(orderKey, that.orderKey)
        && Objects.equals(ledgerKey, that.ledgerKey)
        && Objects.equals(target, that.target);
  }

  @Override
  public int hashCode() {
    return Objects.hash(receipt, platform, appId, acceptedAtMillis, body, userAgent, original, orderKey, ledgerKey,
        target);
  }

  @Override
  public String toString() {
    return "AcceptedInstall[receipt=" + receipt + ", platform=" + platform + ", appId=" + appId + ", acceptedAtMillis="
        + acceptedAtMillis + ", body=" + body + ", userAgent=" + userAgent + ", original=" + original + ", orderKey="
        + orderKey + ", ledgerKey=" + ledgerKey + ", target=" + target + "]";
  }
}
