package io.ctvgateway.install;

import io.ctvgateway.dedupe.LedgerKey;
import io.ctvgateway.dedupe.Receipt;
import io.ctvgateway.kochava.KochavaClient;
import java.util.Objects;

/**
 * One accepted install (or event): the exact bytes Kochava will receive, and what operations need to trace
 * it. The journal stores it ({@link AcceptedInstallCodec}), delivery sends it, a dead letter keeps it. The
 * body is built once, at acceptance, so a retry after a restart (or a profile change) sends the very bytes
 * that were accepted, and signing and sending see the same bytes.
 *
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
public record AcceptedInstall(
    Receipt receipt,
    String platform,
    String appId,
    long acceptedAtMillis,
    String body,
    String userAgent,
    String original,
    OrderKey orderKey,
    LedgerKey ledgerKey,
    String target) {

  /** The {@code target} of an identity link ({@code upstream.identity_link_url}). */
  public static final String IDENTITY_LINK = KochavaClient.IDENTITY_LINK;

  /** An install or event, for {@code /track/json}. */
  public AcceptedInstall(Receipt receipt, String platform, String appId, long acceptedAtMillis, String body,
      String userAgent, String original, OrderKey orderKey, LedgerKey ledgerKey) {
    this(receipt, platform, appId, acceptedAtMillis, body, userAgent, original, orderKey, ledgerKey, null);
  }

  public AcceptedInstall {
    Objects.requireNonNull(receipt, "receipt");
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(userAgent, "userAgent");
    Objects.requireNonNull(original, "original");
  }
}
