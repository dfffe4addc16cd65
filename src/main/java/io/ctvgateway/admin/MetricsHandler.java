package io.ctvgateway.admin;

import io.ctvgateway.dedupe.LedgerStatus;
import io.ctvgateway.delivery.DeliveryStats;
import io.ctvgateway.journal.JournalStats;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Prometheus text exposition (version 0.0.4) of the gateway's counters and gauges. */
final class MetricsHandler implements Handler<RoutingContext> {
  private final AdminRoutes.Deps deps;

  MetricsHandler(AdminRoutes.Deps deps) {
    this.deps = deps;
  }

  @Override
  public void handle(RoutingContext ctx) {
    StringBuilder out = new StringBuilder(2048);
    counter(out, "ctvgw_installs_total", "Install answers by outcome.");
    sample(out, "ctvgw_installs_total{outcome=\"accepted\"}", deps.ingest().acceptedCount());
    sample(out, "ctvgw_installs_total{outcome=\"duplicate\"}", deps.ingest().duplicateCount());
    counter(out, "ctvgw_install_errors_total", "Error answers by status and code.");
    deps.ingest().errorCounts().forEach((key, count) -> {
      String[] parts = key.split(" ", 2);
      sample(out, "ctvgw_install_errors_total{status=\"" + parts[0] + "\",code=\"" + parts[1] + "\"}", count);
    });
    counter(out, "ctvgw_rate_limited_total", "Requests refused 429 by each rate limit.");
    deps.ingest().rateLimitedCounts().forEach((limit, count) ->
        sample(out, "ctvgw_rate_limited_total{limit=\"" + limit + "\"}", count));
    DeliveryStats delivery = deps.delivery();
    counter(out, "ctvgw_deliveries_total", "Delivery attempts' outcomes.");
    sample(out, "ctvgw_deliveries_total{result=\"delivered\"}", delivery.delivered());
    sample(out, "ctvgw_deliveries_total{result=\"retried\"}", delivery.retried());
    sample(out, "ctvgw_deliveries_total{result=\"throttled\"}", delivery.throttled());
    sample(out, "ctvgw_deliveries_total{result=\"misconfigured\"}", delivery.misconfigured());
    sample(out, "ctvgw_deliveries_total{result=\"dead_lettered\"}", delivery.deadLettered());
    gauge(out, "ctvgw_delivery_window_records", "Records held in memory by delivery.", delivery.inWindow());
    long backlogAgeMs = HealthHandler.backlogAgeMs(deps);
    gauge(out, "ctvgw_backlog_oldest_age_seconds", "Age of the oldest undelivered install.", backlogAgeMs / 1000);
    gauge(out, "ctvgw_backlog_stale", "1 while the oldest undelivered install is older than admin.max_backlog_age_ms.",
        backlogAgeMs > deps.config().maxBacklogAgeMs() ? 1 : 0);
    io.ctvgateway.profile.ProfileStatus profiles = deps.profileStatus().get();
    gauge(out, "ctvgw_profiles_served", "Device profiles served.", profiles.serving().size());
    gauge(out, "ctvgw_profiles_degraded", "1 while the profiles served are not the directory as it is (started from"
        + " the last valid set).", profiles.degraded() ? 1 : 0);
    gauge(out, "ctvgw_profiles_refused_files", "Files of profiles_dir that do not load now.", profiles.refused().size());
    counter(out, "ctvgw_profile_reloads_refused_total", "Hot reloads of profiles_dir refused (the old set kept).");
    sample(out, "ctvgw_profile_reloads_refused_total", profiles.refusedReloads());
    gauge(out, "ctvgw_journal_takes_appends", "0 once the journal refuses every append (a failed fsync): restart.",
        deps.journal().takesAppends() ? 1 : 0);
    gauge(out, "ctvgw_upstream_breaker_open", "1 while the circuit breaker to Kochava is not closed.",
        "closed".equals(delivery.breaker()) ? 0 : 1);
    JournalStats journal = deps.journal().stats();
    counter(out, "ctvgw_journal_appends_total", "Records appended to the journal.");
    sample(out, "ctvgw_journal_appends_total", journal.appendedRecords());
    counter(out, "ctvgw_journal_fsyncs_total", "fsync calls of the journal.");
    sample(out, "ctvgw_journal_fsyncs_total", journal.fsyncs());
    gauge(out, "ctvgw_journal_unsettled_records", "Accepted, not yet delivered or dead-lettered.",
        journal.unsettledRecords());
    gauge(out, "ctvgw_journal_unsettled_bytes", "Journal bytes on disk not yet settled (approximate).",
        journal.unsettledBytes());
    gauge(out, "ctvgw_journal_segments", "Segment files.", journal.segments());
    gauge(out, "ctvgw_journal_corrupt_records", "Corrupt records skipped at the last start.", journal.corruptRecords());
    gauge(out, "ctvgw_journal_torn_tail_bytes", "Torn-tail bytes truncated at the last start.", journal.tornTailBytes());
    gauge(out, "ctvgw_dead_letters", "Dead letters kept.", deps.deadLetters().size());
    LedgerStatus ledger = deps.ledger().get();
    gauge(out, "ctvgw_ledger_keys", "Install keys in the ledger (Redis: in this gateway's near cache).", ledger.keys());
    gauge(out, "ctvgw_ledger_up", "1 while the install ledger answers.", ledger.up() ? 1 : 0);
    gauge(out, "ctvgw_ledger_keys_lost", "Install keys the key log lost to damage at the last start: alarm if not 0.",
        ledger.lostKeys());
    counter(out, "ctvgw_ledger_fail_open_accepts_total",
        "Installs accepted without the shared ledger's answer (fail_open): each may be a duplicate.");
    sample(out, "ctvgw_ledger_fail_open_accepts_total", ledger.failOpenAccepts());
    counter(out, "ctvgw_ledger_conflicts_total",
        "Accepted installs whose key another receipt held when written to the shared ledger: forwarded twice.");
    sample(out, "ctvgw_ledger_conflicts_total", ledger.conflicts());
    gauge(out, "ctvgw_ledger_unsynced_keys", "Committed keys waiting to be written to the shared ledger.",
        ledger.unsyncedKeys());
    counter(out, "ctvgw_ledger_errors_total", "Shared ledger calls that failed or timed out.");
    sample(out, "ctvgw_ledger_errors_total", ledger.errors());
    counter(out, "ctvgw_ledger_near_cache_total", "Claims answered by the near cache (hit) or by Redis (miss).");
    sample(out, "ctvgw_ledger_near_cache_total{result=\"hit\"}", ledger.nearCacheHits());
    sample(out, "ctvgw_ledger_near_cache_total{result=\"miss\"}", ledger.nearCacheMisses());
    ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(out.toString());
  }

  private static void counter(StringBuilder out, String name, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" counter\n");
  }

  private static void gauge(StringBuilder out, String name, String help, long value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" gauge\n");
    sample(out, name, value);
  }

  private static void sample(StringBuilder out, String series, long value) {
    out.append(series).append(' ').append(value).append('\n');
  }
}
