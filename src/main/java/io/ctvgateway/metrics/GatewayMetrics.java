package io.ctvgateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * The gateway's metrics: one Micrometer {@link PrometheusMeterRegistry} for the gateway's own meters, Vert.x's
 * HTTP server and client metrics, and the JVM's and the process's; scraped as Prometheus text on the admin port.
 *
 * <p>Histogram buckets are chosen for this service and fixed (Micrometer service-level objectives, not its
 * generic percentile histogram), so a dashboard's {@code histogram_quantile} and an alert's threshold mean the same
 * thing on every instance:
 * <ul>
 *   <li>{@link #LATENCY}: ingest latency, journal fsync and append-to-durable, Kochava's answer time: 0.5 ms to
 *       10 s (the 5 ms ingest target and the fsync tail sit on bucket edges);
 *   <li>{@link #AGE}: how old an install is when it reaches Kochava or the dead letters: 50 ms to 7 days (the
 *       delivery max age), through the outage scales an operator cares about (1 min, 15 min, 1 h, 1 day).
 * </ul>
 *
 * <p>Cardinality is bounded by construction: platform labels are profile ids or {@code unknown}, app labels are
 * the apps listed in config or {@code other} ({@link #app}), codes and results are the gateway's own
 * vocabularies. Nothing a client sends becomes a label value.
 */
public final class GatewayMetrics {
  /** Latency buckets, in seconds. */
  public static final double[] LATENCY = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
      5, 10};
  /** Age buckets, in seconds. */
  public static final double[] AGE = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 21600, 86400,
      604800};
  /** The app label of an app not listed in config. */
  public static final String OTHER_APP = "other";

  private final PrometheusMeterRegistry registry;
  private final Set<String> apps;

  private final boolean enabled;

  private GatewayMetrics(PrometheusMeterRegistry registry, Set<String> apps, boolean enabled) {
    this.registry = registry;
    this.apps = Set.copyOf(apps);
    this.enabled = enabled;
  }

  /**
   * A registry with the JVM and process metrics bound and {@code ctvgw_build_info}.
   *
   * @param apps the app ids listed in config: the only app label values besides {@link #OTHER_APP}
   */
  public static GatewayMetrics create(Set<String> apps, String version, String commit) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // process.cpu.time is exported in ns ("process_cpu_time_ns_total"), which Prometheus's naming rules (promtool
    // check metrics) reject; process_cpu_usage says the same in a ratio.
    registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")));
    // Likewise a gauge may not end in _count: system_cpu_count becomes system_cpus.
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
      }
    });
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry); // GC pauses; its listeners live as long as the process
    new JvmHeapPressureMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    allocatedBytes(registry);
    Gauge.builder("ctvgw.build.info", () -> 1)
        .description("Build of this gateway: 1, with its version and commit as labels.")
        .tags("version", Objects.requireNonNullElse(version, "dev"), "commit", Objects.requireNonNullElse(commit, "unknown"))
        .register(registry);
    return new GatewayMetrics(registry, apps, true);
  }

  /**
   * Metrics turned off: every meter is denied (a no-op), so nothing is recorded; for the benchmark that measures
   * what metrics cost. {@link #vertx} then builds a Vert.x without metrics.
   */
  public static GatewayMetrics off() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(MeterFilter.deny());
    return new GatewayMetrics(registry, Set.of(), false);
  }

  /** A registry without JVM binders, for tests that build a gateway in-process many times. */
  public static GatewayMetrics detached(Set<String> apps) {
    return new GatewayMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), apps, true);
  }

  /**
   * A Vert.x instance that reports its own HTTP server and client metrics to this registry. Labels with bounded
   * values only: the method, the status, the route pattern ({@code /v1/:platform/install}, never the path a
   * client sent), the local address (which port); never the remote address. The event bus (unused) is off.
   */
  public Vertx vertx(VertxOptions options) {
    return vertx(options, true, true);
  }

  /**
   * As {@link #vertx(VertxOptions)}; {@code httpServer} and {@code httpClient} false leave Vert.x's per-request
   * server and client metrics out (both: a Vert.x without metrics).
   */
  public Vertx vertx(VertxOptions options, boolean httpServer, boolean httpClient) {
    if (!enabled || (!httpServer && !httpClient)) {
      return Vertx.vertx(options);
    }
    MicrometerMetricsOptions metricsOptions = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.HTTP_ROUTE, Label.LOCAL))
        .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS)
        .addDisabledMetricsCategory(MetricsDomain.DATAGRAM_SOCKET);
    if (!httpClient) {
      metricsOptions.addDisabledMetricsCategory(MetricsDomain.HTTP_CLIENT).addDisabledMetricsCategory(MetricsDomain.NET_CLIENT);
    }
    if (!httpServer) {
      metricsOptions.addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER).addDisabledMetricsCategory(MetricsDomain.NET_SERVER);
    }
    return Vertx.builder().with(options.setMetricsOptions(metricsOptions))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition (format 0.0.4) of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  /** The app label for {@code appId}: the id itself when config lists it, else {@link #OTHER_APP}. */
  public String app(String appId) {
    return appId != null && apps.contains(appId) ? appId : OTHER_APP;
  }

  /** A timer with the {@link #LATENCY} buckets. */
  public Timer latency(String name, String description, Tags tags) {
    return Timer.builder(name).description(description).tags(tags)
        .serviceLevelObjectives(durations(LATENCY))
        .register(registry);
  }

  /** The event-loop lag timer of one kind of loop ({@code ingest}, {@code delivery}): see {@link LoopLag}. */
  public Timer loopLag(String loop) {
    return latency("ctvgw.event.loop.lag", "How late an event loop ran a timer due every 10 ms: a loop busy with"
        + " one long task shows here, not in the request timings.", Tags.of("loop", loop));
  }

  /** A distribution of ages in seconds with the {@link #AGE} buckets. */
  public DistributionSummary age(String name, String description, Tags tags) {
    return DistributionSummary.builder(name).description(description).baseUnit("seconds").tags(tags)
        .serviceLevelObjectives(AGE)
        .register(registry);
  }

  public Counter counter(String name, String description, Tags tags) {
    return Counter.builder(name).description(description).tags(tags).register(registry);
  }

  private static Duration[] durations(double[] seconds) {
    return Arrays.stream(seconds).mapToObj(s -> Duration.ofNanos(Math.round(s * 1e9))).toArray(Duration[]::new);
  }

  /**
   * {@code jvm_allocated_bytes_total}: heap bytes every thread allocated since the JVM started (HotSpot's
   * per-thread counters, summed when scraped: nothing on the hot path). Over an interval, divided by the installs
   * answered, it is the allocation per install the benchmark reports; Micrometer's
   * {@code jvm_gc_memory_allocated_bytes} moves only at collections, too coarse for that.
   */
  private static void allocatedBytes(MeterRegistry registry) {
    if (!(java.lang.management.ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)
        || !threads.isThreadAllocatedMemorySupported()) {
      return;
    }
    if (!threads.isThreadAllocatedMemoryEnabled()) {
      threads.setThreadAllocatedMemoryEnabled(true);
    }
    FunctionCounter.builder("jvm.allocated", threads, com.sun.management.ThreadMXBean::getTotalThreadAllocatedBytes)
        .baseUnit("bytes")
        .description("Heap bytes allocated by all threads since the JVM started (HotSpot's thread counters).")
        .register(registry);
  }
}
