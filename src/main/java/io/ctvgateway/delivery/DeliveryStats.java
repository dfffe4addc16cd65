package io.ctvgateway.delivery;

import io.ctvgateway.install.AcceptedInstall;
import io.ctvgateway.install.LiveTail;
import io.ctvgateway.kochava.Verdict;
import io.ctvgateway.metrics.GatewayMetrics;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of what delivery did, readable from any thread; and its histograms: Kochava's answer time by result,
 * how old an install is when Kochava takes it, and when it is dead-lettered (by reason).
 */
public final class DeliveryStats {
  private final Timer[] upstream = new Timer[Verdict.values().length];
  private final DistributionSummary ageAtDelivery;
  private final java.util.Map<String, DistributionSummary> deadLetterAge = new java.util.concurrent.ConcurrentHashMap<>();
  private final GatewayMetrics metrics;

  private final LiveTail tail;

  public DeliveryStats(GatewayMetrics metrics, LiveTail tail) {
    this.metrics = metrics;
    this.tail = tail;
    for (Verdict verdict : Verdict.values()) {
      upstream[verdict.ordinal()] = metrics.latency("ctvgw.upstream.duration",
          "Time from sending an install to Kochava to its answer (or the connection error), by result.",
          Tags.of("result", verdict.name().toLowerCase(Locale.ROOT)));
    }
    ageAtDelivery = metrics.age("ctvgw.install.age.at.delivery",
        "How long after acceptance an install was taken by Kochava (its 200).", Tags.empty());
  }

  void upstream(Verdict verdict, long nanos, AcceptedInstall install, int status) {
    upstream[verdict.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
    if (tail.sample()) {
      tail.publish(new LiveTail.Entry(System.currentTimeMillis(), "delivery", install.platform(), install.appId(),
          verdict.name().toLowerCase(Locale.ROOT), null, null, null,
          install.orderKey() == null ? null : install.orderKey().hex().substring(0, 12), install.receipt().toString(),
          status, nanos / 1e6));
    }
  }

  /** The delivery event loop's lag timer. */
  io.micrometer.core.instrument.Timer loopLag() {
    return metrics.loopLag("delivery");
  }

  void deliveredAged(long millis) {
    ageAtDelivery.record(Math.max(0, millis) / 1000.0);
  }

  void deadLetteredAged(String reason, long millis) {
    deadLetterAge.computeIfAbsent(reason, r -> metrics.age("ctvgw.dead.letter.age",
        "How long after acceptance an install was dead-lettered, by reason.", Tags.of("reason", r)))
        .record(Math.max(0, millis) / 1000.0);
  }

  final AtomicLong delivered = new AtomicLong();
  final AtomicLong retried = new AtomicLong();
  final AtomicLong throttled = new AtomicLong();
  final AtomicLong deadLettered = new AtomicLong();
  final AtomicLong misconfigured = new AtomicLong();
  final AtomicLong forgotten = new AtomicLong();
  final AtomicLong withdrawn = new AtomicLong();
  final AtomicLong duplicatesSkipped = new AtomicLong();
  final AtomicLong inWindow = new AtomicLong();
  volatile long oldestAcceptedAtMillis;
  volatile String breaker = "closed";

  public long delivered() {
    return delivered.get();
  }

  public long retried() {
    return retried.get();
  }

  public long throttled() {
    return throttled.get();
  }

  public long deadLettered() {
    return deadLettered.get();
  }

  public long misconfigured() {
    return misconfigured.get();
  }

  /** Records of forgotten devices dropped unsent. */
  public long forgotten() {
    return forgotten.get();
  }

  /** Records given back unsent because a rebalance moved their partition to another gateway (Kafka). */
  public long withdrawn() {
    return withdrawn.get();
  }

  /** Records settled unsent because the shared ledger gave their device to another receipt (Kafka). */
  public long duplicatesSkipped() {
    return duplicatesSkipped.get();
  }

  /** When the oldest record held by delivery was accepted (epoch millis), 0 when none is held. */
  public long oldestAcceptedAtMillis() {
    return oldestAcceptedAtMillis;
  }

  /** The circuit breaker's state: {@code closed}, {@code open} or {@code half_open}. */
  public String breaker() {
    return breaker;
  }

  /** Records read from the journal and not yet settled. */
  public long inWindow() {
    return inWindow.get();
  }
}
