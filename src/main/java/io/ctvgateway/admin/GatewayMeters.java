package io.ctvgateway.admin;

import io.ctvgateway.dedupe.LedgerStatus;
import io.ctvgateway.delivery.DeliveryStats;
import io.ctvgateway.install.InstallQueue;
import io.ctvgateway.install.JournalQueue;
import io.ctvgateway.journal.Journal;
import io.ctvgateway.journal.JournalTimings;
import io.ctvgateway.metrics.GatewayMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The gauges and counters read from the gateway's state at scrape time (journal, backlog, delivery, ledger,
 * profiles, disk), and the journal's timings; registered once, when the gateway is built. What is counted as it
 * happens lives beside the code that sees it ({@code IngestStats}, {@code DeliveryStats}).
 */
public final class GatewayMeters {
  private GatewayMeters() {}

  /** Registers every meter of {@code deps} and hooks the journal's timings. */
  public static void bind(GatewayMetrics metrics, AdminRoutes.Deps deps) {
    MeterRegistry registry = metrics.registry();
    DeliveryStats delivery = deps.delivery();
    InstallQueue queue = deps.queue();

    String deliveries = "Delivery attempts' outcomes.";
    counter(registry, "ctvgw.deliveries", deliveries, Tags.of("result", "delivered"), delivery, DeliveryStats::delivered);
    counter(registry, "ctvgw.deliveries", deliveries, Tags.of("result", "retried"), delivery, DeliveryStats::retried);
    counter(registry, "ctvgw.deliveries", deliveries, Tags.of("result", "throttled"), delivery, DeliveryStats::throttled);
    counter(registry, "ctvgw.deliveries", deliveries, Tags.of("result", "misconfigured"), delivery,
        DeliveryStats::misconfigured);
    counter(registry, "ctvgw.deliveries", deliveries, Tags.of("result", "dead_lettered"), delivery,
        DeliveryStats::deadLettered);
    counter(registry, "ctvgw.deliveries", deliveries, Tags.of("result", "forgotten"), delivery, DeliveryStats::forgotten);
    counter(registry, "ctvgw.deliveries", deliveries, Tags.of("result", "withdrawn"), delivery, DeliveryStats::withdrawn);
    counter(registry, "ctvgw.deliveries", deliveries, Tags.of("result", "duplicate_skipped"), delivery,
        DeliveryStats::duplicatesSkipped);
    gauge(registry, "ctvgw.delivery.window.records", "Records held in memory by delivery.", delivery,
        DeliveryStats::inWindow);
    gauge(registry, "ctvgw.upstream.breaker.open", "1 while the circuit breaker to Kochava is not closed.", delivery,
        d -> "closed".equals(d.breaker()) ? 0 : 1);

    gauge(registry, "ctvgw.backlog.oldest.age.seconds", "Age of the oldest undelivered install.", deps,
        d -> HealthHandler.backlogAgeMs(d) / 1000.0);
    gauge(registry, "ctvgw.backlog.stale", "1 while the oldest undelivered install is older than"
        + " admin.max_backlog_age_ms.", deps, d -> HealthHandler.backlogAgeMs(d) > d.config().maxBacklogAgeMs() ? 1 : 0);

    gauge(registry, "ctvgw.queue.takes.appends", "0 while the install queue stores nothing (a failed fsync, Kafka out"
        + " of reach): installs get 503.", Tags.of("type", queue.type()), queue, q -> q.takesAppends() ? 1 : 0);
    gauge(registry, "ctvgw.queue.unsettled.records", "Installs this gateway holds, not yet delivered or dead-lettered"
        + " (journal: its whole backlog; Kafka: what it has read from its partitions).", Tags.of("type", queue.type()),
        queue, InstallQueue::unsettledRecords);
    if (queue instanceof JournalQueue local) {
      bindJournal(metrics, local.journal());
    }
    gauge(registry, "ctvgw.disk.free.bytes", "Free space on the data volume (sampled every second).", deps,
        d -> d.backpressure().freeDiskBytes() == Long.MAX_VALUE ? Double.NaN : d.backpressure().freeDiskBytes());
    gauge(registry, "ctvgw.disk.min.free.bytes", "Free space below which installs are refused (disk_low).", deps,
        d -> d.backpressure().minFreeDiskBytes());
    gauge(registry, "ctvgw.dead.letters", "Dead letters kept.", deps, d -> d.deadLetters().size());

    Supplier<LedgerStatus> ledger = deps.ledger();
    gauge(registry, "ctvgw.ledger.keys", "Install keys in the ledger (Redis: in this gateway's near cache).", ledger,
        l -> l.get().keys());
    gauge(registry, "ctvgw.ledger.up", "1 while the install ledger answers.", ledger, l -> l.get().up() ? 1 : 0);
    gauge(registry, "ctvgw.ledger.keys.lost", "Install keys the key log lost to damage at the last start: alarm if"
        + " not 0.", ledger, l -> l.get().lostKeys());
    counter(registry, "ctvgw.ledger.fail.open.accepts", "Installs accepted without the shared ledger's answer"
        + " (fail_open): each may be a duplicate.", Tags.empty(), ledger, l -> l.get().failOpenAccepts());
    counter(registry, "ctvgw.ledger.conflicts", "Accepted installs whose key another receipt held when written to"
        + " the shared ledger: forwarded twice.", Tags.empty(), ledger, l -> l.get().conflicts());
    gauge(registry, "ctvgw.ledger.unsynced.keys", "Committed keys waiting to be written to the shared ledger.", ledger,
        l -> l.get().unsyncedKeys());
    counter(registry, "ctvgw.ledger.errors", "Shared ledger calls that failed or timed out.", Tags.empty(), ledger,
        l -> l.get().errors());
    String near = "Claims answered by the near cache (hit) or by Redis (miss).";
    counter(registry, "ctvgw.ledger.near.cache", near, Tags.of("result", "hit"), ledger, l -> l.get().nearCacheHits());
    counter(registry, "ctvgw.ledger.near.cache", near, Tags.of("result", "miss"), ledger, l -> l.get().nearCacheMisses());

    gauge(registry, "ctvgw.profiles.served", "Device profiles served.", deps,
        d -> d.profileStatus().get().serving().size());
    gauge(registry, "ctvgw.profiles.degraded", "1 while the profiles served are not the directory as it is (started"
        + " from the last valid set).", deps, d -> d.profileStatus().get().degraded() ? 1 : 0);
    gauge(registry, "ctvgw.profiles.refused.files", "Files of profiles_dir that do not load now.", deps,
        d -> d.profileStatus().get().refused().size());
    counter(registry, "ctvgw.profile.reloads.refused", "Hot reloads of profiles_dir refused (the old set kept).",
        Tags.empty(), deps, d -> d.profileStatus().get().refusedReloads());
  }

  /** The TV-facing port's connections: open now, admitted and refused at a cap since the start. */
  public static void bindConnections(GatewayMetrics metrics, io.ctvgateway.http.ConnectionLimits connections) {
    MeterRegistry registry = metrics.registry();
    gauge(registry, "ctvgw.http.connections", "TV-facing connections open now.", connections,
        c -> c.openConnections());
    counter(registry, "ctvgw.http.connections.opened", "TV-facing connections admitted.", Tags.empty(), connections,
        c -> c.openedConnections());
    counter(registry, "ctvgw.http.connections.refused", "TV-facing connections closed at once at"
        + " http.max_connections or http.max_connections_per_address.", Tags.empty(), connections,
        c -> c.refusedConnections());
  }

  /** The local journal's meters (queue.type: journal). */
  private static void bindJournal(GatewayMetrics metrics, Journal journal) {
    MeterRegistry registry = metrics.registry();
    Timer fsync = metrics.latency("ctvgw.journal.fsync", "One fsync of the install journal.", Tags.empty());
    Timer durable = metrics.latency("ctvgw.journal.append.duration",
        "From an append's submission to its fsync: the durability part of every 202.", Tags.empty());
    journal.timings(new JournalTimings() {
      @Override
      public void fsync(long nanos) {
        fsync.record(nanos, TimeUnit.NANOSECONDS);
      }

      @Override
      public void durable(long nanos) {
        durable.record(nanos, TimeUnit.NANOSECONDS);
      }
    });

    gauge(registry, "ctvgw.journal.takes.appends", "0 once the journal refuses every append (a failed fsync): restart.",
        journal, j -> j.takesAppends() ? 1 : 0);
    gauge(registry, "ctvgw.journal.disk.low", "1 while the journal refuses appends at its free-space floor.", journal,
        j -> j.diskLow() ? 1 : 0);
    counter(registry, "ctvgw.journal.appends", "Records appended to the journal.", Tags.empty(), journal,
        j -> j.stats().appendedRecords());
    counter(registry, "ctvgw.journal.fsyncs", "fsync calls of the journal.", Tags.empty(), journal,
        j -> j.stats().fsyncs());
    gauge(registry, "ctvgw.journal.unsettled.records", "Accepted, not yet delivered or dead-lettered.", journal,
        Journal::unsettledRecords);
    gauge(registry, "ctvgw.journal.unsettled.bytes", "Journal bytes on disk not yet settled (approximate).", journal,
        Journal::unsettledBytes);
    gauge(registry, "ctvgw.journal.segments", "Segment files.", journal, j -> j.stats().segments());
    gauge(registry, "ctvgw.journal.corrupt.records", "Corrupt records skipped at the last start.", journal,
        j -> j.stats().corruptRecords());
    gauge(registry, "ctvgw.journal.torn.tail.bytes", "Torn-tail bytes truncated at the last start.", journal,
        j -> j.stats().tornTailBytes());
  }

  private static <T> void gauge(MeterRegistry registry, String name, String help, T source, ToDoubleFunction<T> value) {
    gauge(registry, name, help, Tags.empty(), source, value);
  }

  private static <T> void gauge(MeterRegistry registry, String name, String help, Tags tags, T source,
      ToDoubleFunction<T> value) {
    Gauge.builder(name, source, value).description(help).tags(tags).strongReference(true).register(registry);
  }

  private static <T> void counter(MeterRegistry registry, String name, String help, Tags tags, T source,
      ToDoubleFunction<T> value) {
    FunctionCounter.builder(name, source, value).description(help).tags(tags).register(registry);
  }
}
