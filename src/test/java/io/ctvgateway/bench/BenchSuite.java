package io.ctvgateway.bench;

import io.ctvgateway.journal.FsyncMode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark suite of issue 7: six scenarios, each figure beside a baseline measured in the same run, and
 * the ratio. Run by {@code src/bench/run.sh} (which installs wrk and nginx, builds the jar and starts this with
 * the test class path) from the project directory. Settings (environment): {@code BENCH_SECONDS} (measured
 * seconds of each closed-loop run, 15), {@code BENCH_WARMUP} (10: the least warm-up; more while the JIT compiles, see {@link #warm}),
 * {@code BENCH_WARMUP_MAX} (60), {@code BENCH_OPEN_SECONDS} (20),
 * {@code BENCH_DUP_SHARE} (0.1), {@code BENCH_CONNECTIONS} (64), {@code BENCH_RECOVERY_RECORDS} (1000000),
 * {@code BENCH_LEDGER_KEYS} (1000000,10000000), {@code BENCH_PROFILE=1} (record the gateway of scenario 1 with JFR and print where its time goes),
 * {@code BENCH_JVM_FLAGS} (instead of {@code -Xms1g -Xmx1g -XX:+UseG1GC -XX:+UseTransparentHugePages} for all
 * three JVMs: the Dockerfile's collector and huge pages, with a fixed 1 GiB heap),
 * {@code BENCH_GATEWAY_FLAGS} (more JVM flags for the gateway, e.g. {@code -Dctvgw.journal.fsync=none}: experiments),
 * {@code BENCH_SCENARIOS} (1,3,4,5,6,7,8: scenario 2 runs with 1; without 1, scenario 3 takes {@code BENCH_PEAK};
 * 7 is the Kafka queue beside the journal; 8 the cost of stored work: 10M keys, 1M unsettled records).
 */
public final class BenchSuite {
  /** The JVM flags of the gateway, the baseline server and the fake Kochava: fixed, printed. */
  static final List<String> FLAGS = List.of(env("BENCH_JVM_FLAGS",
      "-Xms1g -Xmx1g -XX:+UseG1GC -XX:+UseTransparentHugePages").trim().split("\\s+"));
  private static final List<String> LEDGER_FLAGS = List.of("-Xms4g", "-Xmx4g", "-XX:+UseG1GC");
  private static final Pattern LISTENING = Pattern.compile("listening port=(\\d+)");
  private static final Pattern READY = Pattern.compile("event=ready http_port=(\\d+) admin_port=(\\d+)");
  private static final Pattern RECOVERED = Pattern.compile("event=journal_recovered dir=\\S+/journal records=(\\d+) "
      + "unsettled=(\\d+).*?took_ms=(\\d+)");
  private static final Pattern LEDGER = Pattern.compile("LEDGER_RESULT kind=(\\w+) keys=(\\d+) "
      + "bytes_per_key=([0-9.]+) seconds=([0-9.]+)");

  private final Path project = Path.of("").toAbsolutePath();
  private final Path runDir;
  private final Path script = project.resolve("src/bench/installs.lua");
  private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  private final String classpath = System.getProperty("java.class.path");
  private final int seconds = intEnv("BENCH_SECONDS", 15);
  private final int warmup = intEnv("BENCH_WARMUP", 10);
  private final int warmupMax = intEnv("BENCH_WARMUP_MAX", 60);
  /** How long each JVM's warm-up took ({@link #warm}), printed with the notes. */
  private final List<String> warmups = new ArrayList<>();
  /** Where each JFR recording's profile begins ({@link #startRecording}). */
  private final Map<Path, Instant> profileFrom = new HashMap<>();
  private final int openSeconds = intEnv("BENCH_OPEN_SECONDS", 20);
  private final int connections = intEnv("BENCH_CONNECTIONS", 64);
  private final int recoveryRecords = intEnv("BENCH_RECOVERY_RECORDS", 1_000_000);
  private final double duplicateShare = Double.parseDouble(env("BENCH_DUP_SHARE", "0.1"));
  private final boolean profile = env("BENCH_PROFILE", "0").equals("1");
  /** BENCH_QUICK=1: scenario 1 without its metrics-off and console-tail arms (for iterating on the hot path). */
  private final boolean quick = env("BENCH_QUICK", "0").equals("1");
  private final List<String> gatewayFlags = env("BENCH_GATEWAY_FLAGS", "").isBlank() ? List.of()
      : List.of(env("BENCH_GATEWAY_FLAGS", "").trim().split("\\s+"));
  private final List<String> scenarios = List.of(env("BENCH_SCENARIOS", "1,3,4,5,6,7,8").split(","));
  private final long runId = (System.currentTimeMillis() / 1000) % 0xFFFF_FFFFL;
  private final Table table = new Table();
  private final List<String> notes = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String fakeUrlFormat = "http://127.0.0.1:%d";
  private int gateways;

  private BenchSuite(Path runDir) {
    this.runDir = runDir;
  }

  public static void main(String[] args) throws Exception {
    Path runDir = Path.of("target", "bench", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")))
        .toAbsolutePath();
    Files.createDirectories(runDir);
    long started = System.nanoTime();
    new BenchSuite(runDir).run();
    System.out.printf("%nsuite took %.1f min; logs in %s%n", (System.nanoTime() - started) / 60e9, runDir);
  }

  private void run() throws Exception {
    printMachine();
    try (Child kochava = javaMain("fake-kochava", FakeKochavaServer.class, List.of("0"))) {
      int kochavaPort = Integer.parseInt(kochava.await(LISTENING, 30).group(1));
      double peak = scenarios.contains("1") ? ingestAndEndToEnd(kochava, kochavaPort)
          : Double.parseDouble(env("BENCH_PEAK", "10000"));
      if (scenarios.contains("3")) {
        latencyUnderLoad(kochavaPort, peak / 2);
      }
      if (scenarios.contains("6")) {
        recovery(kochavaPort);
      }
      if (scenarios.contains("7")) {
        queues(kochava, kochavaPort);
      }
    }
    if (scenarios.contains("8")) {
      storedWork();
    }
    if (scenarios.contains("5")) {
      journal();
    }
    if (scenarios.contains("4")) {
      ledgerMemory();
    }
    System.out.println();
    System.out.println(table.markdown());
    if (!warmups.isEmpty()) {
      notes.add("warm-ups, each JVM under a closed loop (wrk; scenario 3's by the open loop's client) until its JIT"
          + " threads used <= 5% of a core for 5 s (at least "
          + warmup + " s, at most " + warmupMax + " s): " + String.join(", ", warmups));
    }
    notes.forEach(note -> System.out.println("- " + note));
    System.out.println();
    System.out.println(table.verdicts());
  }

  // ---------------------------------------------------------------- scenarios 1 and 2: closed loop (wrk)

  /** Scenario 1 (ingest) and 2 (end to end) share the gateway's run; answers its peak 2xx rate. */
  private double ingestAndEndToEnd(Child kochava, int kochavaPort) throws Exception {
    Wrk.Result baseline;
    double baselineCpu;
    double baselineAlloc;
    double baselineSys;
    try (Child server = javaMain("baseline-server", BaselineServer.class, List.of(Integer.toString(freePort())))) {
      int port = Integer.parseInt(server.await(LISTENING, 30).group(1));
      warm("baseline", server, port);
      double cpu0 = cpu(server);
      double sys0 = systemCpu(server);
      long alloc0 = baselineAllocated(port);
      baseline = wrk("baseline", port, seconds);
      baselineCpu = (cpu(server) - cpu0) / baseline.seconds();
      baselineSys = (systemCpu(server) - sys0) / baseline.seconds();
      baselineAlloc = (baselineAllocated(port) - alloc0) / (baseline.perSecond() * baseline.seconds());
    }

    // Scenario 2's baseline: nginx proxy_pass (keep-alive upstream) in front of the same fake Kochava.
    Double nginxRate = null;
    String nginxWhy = Nginx.unavailable();
    if (nginxWhy == null) {
      try (Child nginx = Nginx.start(runDir, freePort(), kochavaPort)) {
        waitForPort(Nginx.port(runDir), 10);
        wrk("nginx-warmup", Nginx.port(runDir), warmup);
        long before = delivered(kochavaPort);
        Wrk.Result proxied = wrk("nginx", Nginx.port(runDir), seconds);
        nginxRate = (delivered(kochavaPort) - before) / proxied.seconds();
        notes.add(String.format("nginx baseline: wrk saw %,.0f req/s (p99 %.2f ms) through nginx; the fake Kochava "
            + "counted %,.0f/s", proxied.perSecond(), proxied.p99Micros() / 1e3, nginxRate));
      }
    }
    // Scenario 2's second reference: the least a Vert.x gateway does end to end (parse, forward, answer after
    // Kochava's answer; nothing durable): what this stack can deliver per second on these cores at best.
    double forwarderRate;
    double forwarderCpu;
    try (Child server = javaMain("vertx-forwarder", BaselineServer.class,
        List.of(Integer.toString(freePort()), Integer.toString(kochavaPort)))) {
      int port = Integer.parseInt(server.await(LISTENING, 30).group(1));
      warm("forwarder", server, port);
      long before = delivered(kochavaPort);
      double cpu0 = cpu(server);
      Wrk.Result forwarded = wrk("forwarder", port, seconds);
      forwarderRate = (delivered(kochavaPort) - before) / forwarded.seconds();
      forwarderCpu = (cpu(server) - cpu0) / forwarded.seconds();
    }

    Wrk.Result gateway;
    double deliveredRate;
    long backlogAfter;
    double gatewayCpu;
    double kochavaCpu;
    Path jfr = runDir.resolve("gateway-ingest.jfr");
    double gatewayAlloc;
    double gatewaySys;
    try (Child gw = gateway("gateway-ingest", kochavaPort, newDataDir(), recording(jfr))) {
      Matcher ready = gw.await(READY, 120);
      int port = Integer.parseInt(ready.group(1));
      int admin = Integer.parseInt(ready.group(2));
      warm("gateway", gw, port);
      startRecording(jfr);
      long before = delivered(kochavaPort);
      double cpu0 = cpu(gw);
      double kcpu0 = cpu(kochava);
      io.ctvgateway.testing.Scrape scraped = scrape(admin);
      double sys0 = systemCpu(gw);
      gateway = wrk("gateway", port, seconds);
      long after = delivered(kochavaPort);
      gatewayCpu = (cpu(gw) - cpu0) / gateway.seconds();
      gatewaySys = (systemCpu(gw) - sys0) / gateway.seconds();
      gatewayAlloc = delta(scraped, scrape(admin), "jvm_allocated_bytes_total", Map.of())
          / (gateway.perSecond() * gateway.seconds());
      kochavaCpu = (cpu(kochava) - kcpu0) / gateway.seconds();
      deliveredRate = (after - before) / gateway.seconds();
      long accepted = Math.round(gateway.perSecond() * gateway.seconds() * (1 - duplicateShare));
      backlogAfter = Math.max(0, accepted - (after - before));
    }
    if (!quick) {
      metricsAndConsole(kochavaPort, gateway, gatewayCpu, deliveredRate);
    }
    if (profile) {
      notes.add("JFR of the gateway in scenario 1 (" + jfr + "):\n\n```\n" + profileOf(jfr) + "```");
    }

    table.row("1 ingest", "2xx answers/s (202 + 200 duplicate)", fmt(gateway.perSecond()), fmt(baseline.perSecond()),
        "Vert.x 5 server: parse JSON, 202", ">= 0.6", gateway.perSecond() / baseline.perSecond(), 0.6, true);
    double gatewayMicros = gatewayCpu / gateway.perSecond() * 1e6;
    double baselineMicros = baselineCpu / baseline.perSecond() * 1e6;
    table.row("1 ingest", "CPU µs per 2xx (process CPU over answers; the gateway's includes delivery)",
        String.format("%.1f", gatewayMicros), String.format("%.1f", baselineMicros), "same", "<= 30 µs",
        gatewayMicros / baselineMicros, Double.NaN, false);
    table.verdict("1 ingest: CPU per install <= 30 µs", gatewayMicros <= 30, String.format("%.1f µs", gatewayMicros));
    table.row("1 ingest", "heap bytes allocated per 2xx", String.format("%,.0f", gatewayAlloc),
        String.format("%,.0f", baselineAlloc), "same", "", gatewayAlloc / baselineAlloc, Double.NaN, false);
    table.row("1 ingest", "p50 latency, ms (closed loop)", ms(gateway.p50Micros()), ms(baseline.p50Micros()),
        "same", "", (double) gateway.p50Micros() / baseline.p50Micros(), Double.NaN, false);
    table.row("1 ingest", "p99 latency, ms (closed loop)", ms(gateway.p99Micros()), ms(baseline.p99Micros()),
        "same", "", (double) gateway.p99Micros() / baseline.p99Micros(), Double.NaN, false);
    if (nginxRate != null) {
      table.row("2 end to end", "installs delivered to Kochava/s", fmt(deliveredRate), fmt(nginxRate),
          "nginx proxy_pass, keep-alive upstream", ">= 1.0", deliveredRate / nginxRate, 1.0, true);
      table.row("2 end to end", "Vert.x forwarder (parse, forward, 202 after Kochava's answer; nothing durable): "
          + "delivered/s", fmt(forwarderRate), fmt(nginxRate), "nginx proxy_pass, keep-alive upstream", "",
          forwarderRate / nginxRate, Double.NaN, false);
    } else {
      table.row("2 end to end", "installs delivered to Kochava/s", fmt(deliveredRate), "n/a",
          "nginx unavailable: " + nginxWhy, ">= 1.0", Double.NaN, 1.0, true);
    }
    table.row("2 end to end", "delivered per 2xx answered (1 - duplicate share is all of them)",
        String.format("%.2f", deliveredRate / gateway.perSecond()), String.format("%.2f", 1 - duplicateShare),
        "every accepted install delivered in the window", "", deliveredRate / gateway.perSecond() / (1 - duplicateShare),
        Double.NaN, false);
    // The backlog does not grow at sustained peak when delivery keeps up with acceptance (5% slack: the window's
    // edges cut a few installs off either side).
    table.verdict("2 end to end: no backlog growth at sustained peak (delivered >= 0.95 of accepted)",
        deliveredRate >= 0.95 * gateway.perSecond() * (1 - duplicateShare),
        String.format("%.2f of accepted delivered, ~%,d left undelivered", deliveredRate / (gateway.perSecond()
            * (1 - duplicateShare)), backlogAfter));
    notes.add(String.format("CPU in the kernel (system time, /proc): gateway %.2f of its %.2f cores (%.0f%%, %.1f µs"
        + " per 2xx), baseline server %.2f of %.2f (%.0f%%, %.1f µs per 2xx)", gatewaySys, gatewayCpu,
        100 * gatewaySys / gatewayCpu, gatewaySys / gateway.perSecond() * 1e6, baselineSys, baselineCpu,
        100 * baselineSys / baselineCpu, baselineSys / baseline.perSecond() * 1e6));
    notes.add(String.format("scenario 1/2 CPU, cores busy: gateway %.2f, fake Kochava %.2f, wrk %.2f "
            + "(baseline server %.2f, wrk %.2f; Vert.x forwarder %.2f); wrk errors: gateway %d non-2xx + %d socket,"
            + " baseline %d + %d; backlog left undelivered after the gateway's run: ~%,d",
        gatewayCpu, kochavaCpu, gateway.cpuSeconds() / gateway.seconds(), baselineCpu,
        baseline.cpuSeconds() / baseline.seconds(), forwarderCpu, gateway.non2xx(), gateway.socketErrors(),
        baseline.non2xx(), baseline.socketErrors(), backlogAfter));
    return gateway.perSecond();
  }

  /** Scenario 1's two other arms: metrics off, and a console tail open (issues 16 and 17). */
  private void metricsAndConsole(int kochavaPort, Wrk.Result gateway, double gatewayCpu, double deliveredRate)
      throws Exception {
    // What metrics cost on the hot path: the same gateway with metrics.enabled=false (every meter a no-op,
    // Vert.x without metrics), same load, same run.
    Wrk.Result bare;
    double bareCpu;
    try (Child gw = gateway("gateway-ingest-no-metrics", kochavaPort, newDataDir(),
        List.of("-Dctvgw.metrics.enabled=false"))) {
      int port = Integer.parseInt(gw.await(READY, 120).group(1));
      warm("gateway-no-metrics", gw, port);
      double cpu0 = cpu(gw);
      bare = wrk("gateway-no-metrics", port, seconds);
      bareCpu = (cpu(gw) - cpu0) / bare.seconds();
    }
    // What the console's live tail costs while someone watches: the same run with one tail reader connected.
    Wrk.Result tailed;
    double tailedCpu;
    double tailedDelivered;
    long tailBytes;
    Path tailJfr = runDir.resolve("gateway-tail-open.jfr");
    try (Child gw = gateway("gateway-ingest-tail-open", kochavaPort, newDataDir(), recording(tailJfr))) {
      Matcher ready = gw.await(READY, 120);
      int port = Integer.parseInt(ready.group(1));
      warm("gateway-tail", gw, port);
      startRecording(tailJfr);
      // BENCH_TAIL_READER=off: the same run with no reader (a control for the position of this run in the suite).
      try (TailReader reader = "off".equals(System.getenv("BENCH_TAIL_READER")) ? TailReader.none()
          : TailReader.open(Integer.parseInt(ready.group(2)))) {
        double cpu0 = cpu(gw);
        long delivered0 = delivered(kochavaPort);
        tailed = wrk("gateway-tail-open", port, seconds);
        tailedCpu = (cpu(gw) - cpu0) / tailed.seconds();
        tailedDelivered = (delivered(kochavaPort) - delivered0) / tailed.seconds();
        tailBytes = reader.bytes();
      }
    }
    double tailedMicros = tailedCpu / tailed.perSecond() * 1e6;
    double withMicros = gatewayCpu / gateway.perSecond() * 1e6;
    double bareMicros = bareCpu / bare.perSecond() * 1e6;
    table.row("1 ingest", "metrics on: 2xx answers/s", fmt(gateway.perSecond()), fmt(bare.perSecond()),
        "the same gateway, metrics.enabled=false", ">= 0.95", gateway.perSecond() / bare.perSecond(), 0.95, true);
    table.row("1 ingest", "metrics on: gateway CPU µs per 2xx", String.format("%.1f", withMicros),
        String.format("%.1f", bareMicros), "the same gateway, metrics.enabled=false", "<= 1.05",
        withMicros / bareMicros, Double.NaN, false);
    table.row("1 ingest", "console tail open: 2xx answers/s", fmt(tailed.perSecond()), fmt(gateway.perSecond()),
        "the same gateway, no console open", "", tailed.perSecond() / gateway.perSecond(), Double.NaN, false);
    table.row("1 ingest", "console tail open: gateway CPU µs per 2xx", String.format("%.1f", tailedMicros),
        String.format("%.1f", withMicros), "the same gateway, no console open", "", tailedMicros / withMicros,
        Double.NaN, false);
    notes.add(String.format("console tail: the reader received %,d bytes in %.0f s (the tail sends at most %d"
        + " entries a second); delivered to Kochava meanwhile %,.0f/s (%.2f per 2xx) against %,.0f/s (%.2f per 2xx)"
        + " in the run without the console: CPU per 2xx includes delivery's work, so a run whose delivery keeps up"
        + " better costs more per answer", tailBytes, tailed.seconds(), io.ctvgateway.install.LiveTail.MAX_PER_SECOND,
        tailedDelivered, tailedDelivered / tailed.perSecond(), deliveredRate, deliveredRate / gateway.perSecond()));
    if (profile) {
      notes.add("JFR of the gateway with a console tail open (" + tailJfr + "):\n\n```\n"
          + profileOf(tailJfr) + "```");
    }
  }

  // ---------------------------------------------------------------- scenario 3: open loop

  private void latencyUnderLoad(int kochavaPort, double rate) throws Exception {
    // BENCH_BASELINE_FIRST=1: the baseline runs first (a control: does the order of the two runs matter?).
    boolean baselineFirst = "1".equals(System.getenv("BENCH_BASELINE_FIRST"));
    OpenLoop.Result base = baselineFirst ? baselineOpenLoop(rate) : null;
    OpenLoop.Result ours;
    String stages;
    long gapMillis;
    OpenLoop.Result warm;
    String drained;
    try (Child gw = gateway("gateway-open-loop", kochavaPort, newDataDir(), List.of())) {
      Matcher ready = gw.await(READY, 120);
      int port = Integer.parseInt(ready.group(1));
      int admin = Integer.parseInt(ready.group(2));
      // A gateway in production is scraped and probed all along. Without that, the one scrape before the window
      // was the first GET the JIT's profile of the HTTP decoder and router ever saw: it deoptimized their compiled
      // code (seen with -Xlog:jit+compilation), and the window's first seconds ran them interpreted and C1-compiled
      // at 1.5 times the CPU. So, as Prometheus and a load balancer would: /metrics and /health/ready every second
      // from the start (BENCH_ADMIN_POLL_MS, 0 for none).
      long pollMs = Long.parseLong(env("BENCH_ADMIN_POLL_MS", "1000"));
      ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
      if (pollMs > 0) {
        poller.scheduleWithFixedDelay(() -> {
          try {
            scrape(admin);
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/health/ready")).build(),
                HttpResponse.BodyHandlers.discarding());
          } catch (Exception e) {
            // the gateway is stopping
          }
        }, 0, pollMs, TimeUnit.MILLISECONDS);
      }
      // Warm in a closed loop first (it waits for the gateway, so a cold JIT cannot dig a queue the open loop's
      // window then inherits), through the open loop's own client (its requests' shape, see OpenLoop.closedLoop),
      // until the JIT settles; then the open loop's own warm-up at the rate. (On the AMD host the open loop fell
      // behind in that warm-up whether the gateway was warmed by wrk or by this client: docs/benchmarks.md.)
      try (OpenLoop loop = new OpenLoop(port, connections)) {
        Installs warming = new Installs(runId, 99, duplicateShare);
        warm("gateway-open-loop", gw, seconds -> loop.closedLoop(seconds, warming));
      }
      // The closed-loop warm-up runs at the peak, where ingest can outpace delivery: a backlog it left would be
      // delivered during the open loop's warm-up and window, its CPU taken from ingest. Half the peak is measured on
      // a drained backlog.
      long drainStart = System.nanoTime();
      double backlog = scrape(admin).value("ctvgw_journal_unsettled_records");
      while (backlog > 0 && System.nanoTime() - drainStart < TimeUnit.SECONDS.toNanos(180)) {
        Thread.sleep(250);
        backlog = scrape(admin).value("ctvgw_journal_unsettled_records");
      }
      drained = String.format("%.1f s, %,.0f left", (System.nanoTime() - drainStart) / 1e9, backlog);
      try (OpenLoop loop = new OpenLoop(port, connections)) {
        warm = loop.run(rate, warmup, new Installs(runId, 100, duplicateShare));
        long warmupEnd = System.currentTimeMillis();
        io.ctvgateway.testing.Scrape before = scrape(admin);
        ours = loop.run(rate, openSeconds, new Installs(runId, 101, duplicateShare));
        gapMillis = ours.startEpochMillis() - warmupEnd;
        io.ctvgateway.testing.Scrape after = scrape(admin);
        poller.shutdownNow();
        stages = String.join("; ",
            String.format("TV connections opened during the window %,.0f (open at its end %,.0f)",
                delta(before, after, "ctvgw_http_connections_opened_total", Map.of()),
                after.value("ctvgw_http_connections")),
            // A backlog left by the warm-up is delivered while the window runs: delivery's CPU then competes
            // with ingest's.
            String.format("unsettled journal records (delivery's backlog) at the window's start %,.0f, at its end"
                    + " %,.0f", before.value("ctvgw_journal_unsettled_records"),
                after.value("ctvgw_journal_unsettled_records")),
            stage("headers to body (ingest_body_wait)", "ctvgw_ingest_body_wait_seconds", Map.of(), before, after),
            stage("202 answer (ingest_duration, accepted)", "ctvgw_ingest_duration_seconds",
                Map.of("endpoint", "install", "outcome", "accepted"), before, after),
            stage("append to fsync (journal_append_duration)", "ctvgw_journal_append_duration_seconds", Map.of(),
                before, after),
            stage("one fsync (journal_fsync)", "ctvgw_journal_fsync_seconds", Map.of(), before, after),
            stage("ingest event loops' lag", "ctvgw_event_loop_lag_seconds", Map.of("loop", "ingest"), before, after),
            stage("delivery event loop's lag", "ctvgw_event_loop_lag_seconds", Map.of("loop", "delivery"), before,
                after),
            String.format("GC pauses (jvm_gc_pause_seconds): %,.0f, %,.1f ms in all, longest of the last minutes"
                    + " %.1f ms; heap allocated %,.0f bytes per request",
                delta(before, after, "jvm_gc_pause_seconds_count", Map.of()),
                1e3 * delta(before, after, "jvm_gc_pause_seconds_sum", Map.of()),
                1e3 * after.samples().stream().filter(x -> x.name().equals("jvm_gc_pause_seconds_max"))
                    .mapToDouble(io.ctvgateway.testing.Scrape.Sample::value).max().orElse(Double.NaN),
                delta(before, after, "jvm_allocated_bytes_total", Map.of())
                    / ours.sent()));
      }
    }
    if (!baselineFirst) {
      base = baselineOpenLoop(rate);
    }
    table.row("3 latency under load", String.format("p99 ms, open loop at %,.0f/s (half of 1's peak)", rate),
        ms(ours.p99Nanos() / 1000), ms(base.p99Nanos() / 1000), "Vert.x 5 server: parse JSON, 202", "<= 5 ms",
        (double) ours.p99Nanos() / base.p99Nanos(), Double.NaN, false);
    table.verdict("3 latency under load: p99 <= 5 ms with fsync on", ours.p99Nanos() <= 5_000_000L,
        String.format("p99 %.2f ms", ours.p99Nanos() / 1e6));
    table.row("3 latency under load", "p50 ms, same", ms(ours.p50Nanos() / 1000), ms(base.p50Nanos() / 1000), "same", "",
        (double) ours.p50Nanos() / base.p50Nanos(), Double.NaN, false);
    table.row("3 latency under load", "p99.9 ms, same", ms(ours.p999Nanos() / 1000), ms(base.p999Nanos() / 1000),
        "same", "", (double) ours.p999Nanos() / base.p999Nanos(), Double.NaN, false);
    table.row("3 latency under load", "max ms, same", ms(ours.maxNanos() / 1000), ms(base.maxNanos() / 1000), "same",
        "<= 50 ms", (double) ours.maxNanos() / base.maxNanos(), Double.NaN, false);
    table.row("3 latency under load", "requests over 50 ms, same", Long.toString(ours.over50ms()),
        Long.toString(base.over50ms()), "same", "0", Double.NaN, Double.NaN, false);
    notes.add(String.format("open loop: gateway answered %,d of %,d (%,d 2xx, %,d failed), max %.1f ms, %,d over 50 ms;"
            + " baseline %,d of %,d (%,d failed), max %.1f ms, %,d over 50 ms; the gateway's worst per second (ms): %s",
        ours.answered(), ours.sent(), ours.ok(), ours.failed(), ours.maxNanos() / 1e6, ours.over50ms(), base.answered(),
        base.sent(), base.failed(), base.maxNanos() / 1e6, base.over50ms(),
        Arrays.toString(ours.worstPerSecondMillis())));
    notes.add("open loop, how late the generator itself sent, worst per second (ms): gateway run "
        + Arrays.toString(ours.worstSendLagPerSecondMillis()) + ", baseline run "
        + Arrays.toString(base.worstSendLagPerSecondMillis()) + "; from the intended time to a pooled connection,"
        + " worst per second (ms): gateway run " + Arrays.toString(ours.worstPoolWaitPerSecondMillis())
        + ", baseline run " + Arrays.toString(base.worstPoolWaitPerSecondMillis()));
    notes.add(String.format("open loop, the window's first two seconds, worst per 100 ms (ms): gateway run %s (started"
            + " at %s), baseline run %s", Arrays.toString(ours.worstFirstTwoSecondsPer100Millis()),
        Instant.ofEpochMilli(ours.startEpochMillis()), Arrays.toString(base.worstFirstTwoSecondsPer100Millis())));
    notes.add(String.format("open loop, the gateway's warm-up: %,d of %,d answered in time, p99 %.1f ms, max %.1f ms,"
            + " worst per second (ms) %s", warm.answered(), warm.sent(), warm.p99Nanos() / 1e6, warm.maxNanos() / 1e6,
        Arrays.toString(warm.worstPerSecondMillis())));
    notes.add("open loop: the backlog the closed-loop warm-up left delivered before the open loop began, in " + drained);
    notes.add(String.format("open loop: %,d ms without traffic between the warm-up's last answer and the window"
        + " (the generator preparing the window's requests)", gapMillis));
    notes.add("open loop, the gateway's own histograms over the measured window: " + stages);
  }

  private OpenLoop.Result baselineOpenLoop(double rate) throws Exception {
    OpenLoop.Result base;
    try (Child server = javaMain("baseline-open-loop", BaselineServer.class, List.of(Integer.toString(freePort())))) {
      int port = Integer.parseInt(server.await(LISTENING, 30).group(1));
      try (OpenLoop loop = new OpenLoop(port, connections)) {
        Installs warming = new Installs(runId, 98, duplicateShare);
        warm("baseline-open-loop", server, seconds -> loop.closedLoop(seconds, warming));
        loop.run(rate, warmup, new Installs(runId, 102, duplicateShare));
        base = loop.run(rate, openSeconds, new Installs(runId, 103, duplicateShare));
      }
    }
    return base;
  }

  private io.ctvgateway.testing.Scrape scrape(int adminPort) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + adminPort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    return io.ctvgateway.testing.Scrape.of(response.body());
  }

  /** How much a series (summed over the samples whose labels include {@code labels}) grew between two scrapes. */
  private static double delta(io.ctvgateway.testing.Scrape before, io.ctvgateway.testing.Scrape after, String name,
      Map<String, String> labels) {
    return after.value(name, labels) - before.value(name, labels);
  }

  /**
   * One stage's timer between two scrapes: how many, the mean, and the share above each bucket bound from 1 ms
   * to 50 ms (from the cumulative buckets; the bounds are GatewayMetrics.LATENCY's).
   */
  private static String stage(String what, String name, Map<String, String> labels,
      io.ctvgateway.testing.Scrape before, io.ctvgateway.testing.Scrape after) {
    double count = delta(before, after, name + "_count", labels);
    double sum = delta(before, after, name + "_sum", labels);
    if (!(count > 0)) {
      return what + ": none";
    }
    StringBuilder out = new StringBuilder(String.format("%s: %,.0f, mean %.2f ms", what, count, sum / count * 1e3));
    for (String le : List.of("0.001", "0.002", "0.005", "0.01", "0.025", "0.05")) {
      Map<String, String> bucket = new HashMap<>(labels);
      bucket.put("le", le);
      double under = delta(before, after, name + "_bucket", bucket);
      out.append(String.format(", >%s ms %.2f%%", (int) (Double.parseDouble(le) * 1000) == 0 ? le
          : Integer.toString((int) Math.round(Double.parseDouble(le) * 1000)), 100 * (count - under) / count));
    }
    return out.toString();
  }

  // ---------------------------------------------------------------- scenario 8: cost of stored work

  /**
   * Scenario 8 (issue 14): does the install path slow down with what the gateway holds? Ingest under the same
   * wrk load on an empty data directory, on one whose key log holds {@code BENCH_STORED_KEYS} (10M) keys, and on
   * one whose journal holds {@code BENCH_STORED_RECORDS} (1M) unsettled installs. Kochava is unreachable in all
   * three (nothing listens on its port: the breaker holds delivery), so the three do the same work per request
   * and differ only in what is stored; all three run with a 2 GiB heap (10M keys take ~550 MiB of it).
   */
  private void storedWork() throws Exception {
    long keys = Long.parseLong(env("BENCH_STORED_KEYS", "10000000"));
    int records = intEnv("BENCH_STORED_RECORDS", 1_000_000);
    int unreachable = freePort();
    List<String> heap = List.of("-Xms2g", "-Xmx2g");
    Path keyed = newDataDir();
    long wrote = System.nanoTime();
    KeyLog.write(keyed, keys, runId);
    double keySeconds = (System.nanoTime() - wrote) / 1e9;
    Path backlog = newDataDir();
    wrote = System.nanoTime();
    Backlog.write(backlog, records, runId);
    double backlogSeconds = (System.nanoTime() - wrote) / 1e9;
    StoredRun empty = storedRun("gateway-stored-empty", unreachable, newDataDir(), heap);
    StoredRun withKeys = storedRun("gateway-stored-keys", unreachable, keyed, heap);
    StoredRun withBacklog = storedRun("gateway-stored-backlog", unreachable, backlog, heap);
    for (Object[] arm : new Object[][] {{String.format("%,d ledger keys", keys), withKeys},
        {String.format("%,d unsettled records", records), withBacklog}}) {
      StoredRun run = (StoredRun) arm[1];
      table.row("8 stored work", "2xx answers/s with " + arm[0], fmt(run.wrk().perSecond()), fmt(empty.wrk().perSecond()),
          "the same gateway, empty data dir", ">= 0.9", run.wrk().perSecond() / empty.wrk().perSecond(), 0.9, true);
      table.row("8 stored work", "p99 latency, ms, with " + arm[0], ms(run.wrk().p99Micros()),
          ms(empty.wrk().p99Micros()), "same", "", (double) run.wrk().p99Micros() / empty.wrk().p99Micros(),
          Double.NaN, false);
      table.row("8 stored work", "CPU µs per 2xx with " + arm[0], String.format("%.1f", run.micros()),
          String.format("%.1f", empty.micros()), "same", "", run.micros() / empty.micros(), Double.NaN, false);
    }
    notes.add(String.format("stored work: key log of %,d keys written in %.1f s, backlog of %,d records in %.1f s (no"
        + " fsync); start to ready %.1f s (empty), %.1f s (keys), %.1f s (backlog); Kochava unreachable in all three,"
        + " -Xms2g -Xmx2g", keys, keySeconds, records, backlogSeconds, empty.readySeconds(), withKeys.readySeconds(),
        withBacklog.readySeconds()));
  }

  private record StoredRun(Wrk.Result wrk, double micros, double readySeconds) {}

  private StoredRun storedRun(String name, int upstreamPort, Path data, List<String> flags) throws Exception {
    long started = System.nanoTime();
    try (Child gw = gateway(name, upstreamPort, data, flags)) {
      int port = Integer.parseInt(gw.await(READY, 300).group(1));
      double ready = (System.nanoTime() - started) / 1e9;
      warm(name, gw, port);
      double cpu0 = cpu(gw);
      Wrk.Result result = wrk(name, port, seconds);
      return new StoredRun(result, (cpu(gw) - cpu0) / result.seconds() / result.perSecond() * 1e6, ready);
    }
  }

  // ---------------------------------------------------------------- scenario 7: journal against Kafka

  /**
   * Scenario 7 (issue 18): the same gateway and load with {@code queue.type: journal} and {@code kafka}, both on
   * the Redis ledger (Kafka mode requires it), one real broker (KRaft, its own JVM) and one redis-server on this
   * machine. The broker shares the two cores, so its CPU is printed beside the gateway's.
   */
  private void queues(Child kochava, int kochavaPort) throws Exception {
    try (io.ctvgateway.testing.RedisServer redis = io.ctvgateway.testing.RedisServer.start(
            Files.createDirectories(runDir.resolve("redis")));
        io.ctvgateway.testing.KafkaCluster kafka = io.ctvgateway.testing.KafkaCluster.start(
            Files.createDirectories(runDir.resolve("kafka")), 1)) {
      Map<String, Double[]> figures = new java.util.LinkedHashMap<>();
      Map<String, Path> jfrs = new java.util.LinkedHashMap<>();
      for (String queue : List.of("journal", "kafka")) {
        Map<String, String> env = new HashMap<>(Map.of("CTVGW_LEDGER", "redis", "CTVGW_REDIS_URL", redis.url(),
            "CTVGW_QUEUE", queue, "CTVGW_KAFKA_BOOTSTRAP", kafka.bootstrap()));
        List<String> flags = List.of("-Dctvgw.ledger.redis.key_prefix=bench-" + queue + ":",
            "-Dctvgw.queue.kafka.create_topics=true", "-Dctvgw.queue.kafka.replication_factor=1",
            "-Dctvgw.queue.kafka.min_insync_replicas=1");
        Path jfr = runDir.resolve("gateway-queue-" + queue + ".jfr");
        List<String> withRecording = new ArrayList<>(flags);
        withRecording.addAll(recording(jfr));
        try (Child gw = gateway("gateway-queue-" + queue, kochavaPort, newDataDir(), withRecording, env)) {
          int port = Integer.parseInt(gw.await(READY, 120).group(1));
          warm("queue-" + queue, gw, port);
          startRecording(jfr);
          long before = delivered(kochavaPort);
          double cpu0 = cpu(gw);
          double brokerCpu0 = kafka.cpuSeconds();
          double redisCpu0 = redis.cpuSeconds();
          Wrk.Result result = wrk("queue-" + queue, port, seconds);
          double gatewayCpu = (cpu(gw) - cpu0) / result.seconds();
          double deliveredRate = (delivered(kochavaPort) - before) / result.seconds();
          if (profile) {
            jfrs.put(queue, jfr);
          }
          figures.put(queue, new Double[] {result.perSecond(), gatewayCpu / result.perSecond() * 1e6,
              deliveredRate, result.p99Micros() / 1e3, (kafka.cpuSeconds() - brokerCpu0) / result.seconds(),
              (redis.cpuSeconds() - redisCpu0) / result.seconds()});
        }
      }
      Double[] journal = figures.get("journal");
      Double[] kafkaRun = figures.get("kafka");
      String base = "queue.type journal, the same Redis ledger";
      table.row("7 queue", "kafka: 2xx answers/s", fmt(kafkaRun[0]), fmt(journal[0]), base, "",
          kafkaRun[0] / journal[0], Double.NaN, false);
      table.row("7 queue", "kafka: gateway CPU µs per 2xx", String.format("%.1f", kafkaRun[1]),
          String.format("%.1f", journal[1]), base, "", kafkaRun[1] / journal[1], Double.NaN, false);
      table.row("7 queue", "kafka: installs delivered to Kochava/s", fmt(kafkaRun[2]), fmt(journal[2]), base, "",
          kafkaRun[2] / journal[2], Double.NaN, false);
      table.row("7 queue", "kafka: p99 latency, ms (closed loop)", String.format("%.2f", kafkaRun[3]),
          String.format("%.2f", journal[3]), base, "", kafkaRun[3] / journal[3], Double.NaN, false);
      notes.add(String.format("scenario 7 cores busy besides the gateway: Kafka broker %.2f (journal run) / %.2f"
          + " (kafka run), redis-server %.2f / %.2f; one broker, replication 1, acks=all, linger 2 ms",
          journal[4], kafkaRun[4], journal[5], kafkaRun[5]));
      for (Map.Entry<String, Path> recorded : jfrs.entrySet()) {
        notes.add("JFR of the gateway, queue.type " + recorded.getKey() + " (" + recorded.getValue() + "):\n\n```\n"
            + profileOf(recorded.getValue()) + "```");
      }
    }
  }

  // ---------------------------------------------------------------- scenario 6: recovery

  private void recovery(int kochavaPort) throws Exception {
    long[] empty = new long[3];
    for (int i = 0; i < empty.length; i++) {
      empty[i] = startToReady("gateway-empty-" + i, kochavaPort, newDataDir(), null);
    }
    Path data = newDataDir();
    long wrote = System.nanoTime();
    Backlog.write(data, recoveryRecords, runId);
    double writeSeconds = (System.nanoTime() - wrote) / 1e9;
    long[] full = new long[3];
    long[] scanMs = new long[1];
    for (int i = 0; i < full.length; i++) {
      full[i] = startToReady("gateway-backlog-" + i, kochavaPort, data, scanMs);
    }
    Arrays.sort(empty);
    Arrays.sort(full);
    table.row("6 recovery", String.format("start to ready, s, %,d unsettled records (median of 3)", recoveryRecords),
        secs(full[1]), secs(empty[1]), "the same jar on an empty data dir", "< 5 s",
        (double) full[1] / empty[1], Double.NaN, false);
    table.verdict("6 recovery: start to ready < 5 s with 1M unsettled records", full[1] < 5_000_000_000L,
        String.format("%.2f s", full[1] / 1e9));
    notes.add(String.format("recovery: backlog written in %.1f s (no fsync, warm page cache); journal scan in the "
        + "last start %d ms; starts %s s with backlog, %s s empty", writeSeconds, scanMs[0], list(full), list(empty)));
  }

  /** Nanoseconds from spawning the jar to its ready line; SIGKILL right after (delivery of the backlog would start). */
  private long startToReady(String name, int kochavaPort, Path data, long[] scanMs) throws Exception {
    Child gw = gateway(name, kochavaPort, data, List.of());
    try {
      gw.await(READY, 120);
      long took = gw.sinceStartNanos();
      if (scanMs != null) {
        Matcher recovered = RECOVERED.matcher(gw.output());
        if (recovered.find()) {
          scanMs[0] = Long.parseLong(recovered.group(3));
        }
      }
      return took;
    } finally {
      gw.kill();
    }
  }

  // ---------------------------------------------------------------- scenario 5: journal

  private void journal() throws Exception {
    int journalSeconds = Math.max(3, seconds / 3);
    JournalThroughput.Raw disk = JournalThroughput.rawFsyncs(runDir, journalSeconds, 400);
    double raw = disk.perSecond();
    JournalThroughput.Result each = JournalThroughput.journal(runDir, FsyncMode.EACH, journalSeconds, connections, 400);
    JournalThroughput.Result batch = JournalThroughput.journal(runDir, FsyncMode.BATCH, journalSeconds, connections, 400);
    JournalThroughput.Result none = JournalThroughput.journal(runDir, FsyncMode.NONE, journalSeconds, connections, 400);
    table.row("5 journal", "appends/s, fsync each", fmt(each.appendsPerSecond()), fmt(raw),
        "bare write+fsync loop, 1 thread", "", each.appendsPerSecond() / raw, Double.NaN, false);
    table.row("5 journal", "appends/s, fsync batch", fmt(batch.appendsPerSecond()), fmt(none.appendsPerSecond()),
        "the same journal, no fsync", "", batch.appendsPerSecond() / none.appendsPerSecond(), Double.NaN, false);
    table.row("5 journal", "mean fsync batch, records (batch)", String.format("%.1f", batch.meanBatch()),
        String.format("%.1f", each.meanBatch()), "fsync each", "", batch.meanBatch() / Math.max(each.meanBatch(), 1e-9),
        Double.NaN, false);
    notes.add(String.format("journal: %d appends in flight, 400-byte records, %d s a mode; batch/each throughput "
            + "%.1fx; fsyncs: each %,d, batch %,d; the disk's write+fsync from one thread: p50 %.2f ms, p99 %.2f ms",
        connections, journalSeconds, batch.appendsPerSecond() / each.appendsPerSecond(), each.fsyncs(), batch.fsyncs(),
        disk.p50Nanos() / 1e6, disk.p99Nanos() / 1e6));
  }

  // ---------------------------------------------------------------- scenario 4: ledger memory

  private void ledgerMemory() throws Exception {
    for (String count : env("BENCH_LEDGER_KEYS", "1000000,10000000").split(",")) {
      int keys = Integer.parseInt(count.trim());
      Matcher ours = ledger("compact", keys);
      Matcher base = ledger("caffeine", keys);
      double bytes = Double.parseDouble(ours.group(3));
      double baseBytes = Double.parseDouble(base.group(3));
      table.row("4 ledger memory", String.format("heap bytes per key at %,d keys", keys), String.format("%.1f", bytes),
          String.format("%.1f", baseBytes), "CaffeineLedger (the ledger before)", keys == 10_000_000 ? "<= 128" : "",
          bytes / baseBytes, Double.NaN, false);
      if (keys == 10_000_000) {
        table.verdict("4 ledger memory: <= 128 B per key at 10M keys", bytes <= 128, String.format("%.1f B", bytes));
      }
      notes.add(String.format("ledger %,d keys: inserted in %s s (compact) and %s s (caffeine), %s; "
          + "32 bytes of key and receipt are the floor", keys, ours.group(4), base.group(4),
          String.join(" ", LEDGER_FLAGS)));
    }
  }

  private Matcher ledger(String kind, int keys) throws Exception {
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(LEDGER_FLAGS);
    command.addAll(List.of("-Dlogback.configurationFile=logback-bench.xml", "-cp", classpath,
        LedgerMemory.class.getName(), kind, Integer.toString(keys)));
    try (Child child = Child.start(runDir, "ledger-" + kind + "-" + keys, command, Map.of())) {
      Matcher m = LEDGER.matcher(child.finish(300));
      if (!m.find()) {
        throw new IllegalStateException("ledger " + kind + " printed no result:\n" + child.output());
      }
      return m;
    }
  }

  // ---------------------------------------------------------------- processes

  private Child gateway(String name, int kochavaPort, Path data, List<String> extraFlags) throws IOException {
    return gateway(name, kochavaPort, data, extraFlags, Map.of());
  }

  private Child gateway(String name, int kochavaPort, Path data, List<String> extraFlags, Map<String, String> extraEnv)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(FLAGS);
    command.addAll(extraFlags);
    command.addAll(gatewayFlags);
    command.addAll(List.of("-jar", project.resolve("target/ctv-gateway.jar").toString()));
    Map<String, String> env = new HashMap<>();
    env.put("CTVGW_HTTP_PORT", "0");
    env.put("CTVGW_HTTP_HOST", "127.0.0.1");
    env.put("CTVGW_ADMIN_PORT", "0");
    env.put("CTVGW_DATA_DIR", data.toString());
    env.put("CTVGW_UPSTREAM_URL", String.format(fakeUrlFormat, kochavaPort) + "/track/json");
    // The bench's apps are served, and wrk's one address is not rate-limited: the bench measures the path.
    env.put("CTVGW_APPS", "kobench-roku-ctv,kobench-lg-ctv");
    env.put("CTVGW_LIMITS", "off");
    env.putAll(extraEnv);
    return Child.start(runDir, name, command, env);
  }

  private Child javaMain(String name, Class<?> main, List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(FLAGS);
    command.addAll(List.of("-Dlogback.configurationFile=logback-bench.xml", "-cp", classpath, main.getName()));
    command.addAll(args);
    return Child.start(runDir, name, command, Map.of());
  }

  /**
   * With BENCH_PROFILE=1, the JVM flags that record the gateway into {@code file} from its start (written when it
   * exits); {@link #startRecording} marks where the profile begins, so the warm-up (whose length depends on the JIT,
   * see {@link #warm}) is left out. Started at launch, not by jcmd once warm: a recording started at run time
   * deoptimized the warm gateway (9,788 installs/s and 178 µs each, against about 28,000 and 43 µs). Java sampled
   * every millisecond (the profile settings' 10 ms gave some 450 samples in a quick run: too few to split a stage of
   * 5% into its parts); stacks 256 deep (Netty's and Vert.x's frames under a handler pass JFR's default of 64, and a
   * truncated stack loses its root, so a stage's inclusive share would be undercounted).
   */
  private List<String> recording(Path file) {
    return profile
        ? List.of("-XX:FlightRecorderOptions:stackdepth=256", "-XX:StartFlightRecording=dumponexit=true,settings=profile,"
            + "method-profiling=max,filename=" + file)
        : List.of();
  }

  /** Where the profile of {@code file} begins: now, the gateway being warm. */
  private void startRecording(Path file) {
    profileFrom.put(file, Instant.now());
  }

  /** The profile of {@code file} from its {@link #startRecording} on. */
  private String profileOf(Path file) throws IOException {
    return JfrSummary.summarize(file, 20, profileFrom.getOrDefault(file, Instant.EPOCH));
  }

  /**
   * Warms {@code child} under wrk until its JIT has settled: 5 s runs, at least {@code BENCH_WARMUP} seconds in
   * all, and more while its compiler threads used over 5% of a core in the last run, up to
   * {@code BENCH_WARMUP_MAX} (60) seconds. A fixed 10 s was not enough for the gateway on every machine: on an AMD
   * host its C2 thread still used 0.4-0.6 of a core in the 15 s after it (1,356 methods compiled at tier 4, Netty's,
   * Vert.x's, Jackson's and ours), so the measured window ran partly in tier-3 code, at half the steady throughput,
   * while the baseline server (a few hundred methods) was warm in seconds. Prints how long each arm took.
   */
  private void warm(String name, Child child, int port) throws Exception {
    warm(name, child, seconds -> wrk(name + "-warmup", port, seconds));
  }

  /** Load for a warm-up: {@code seconds} of it. */
  private interface Load {
    void run(int seconds) throws Exception;
  }

  /** As {@link #warm(String, Child, int)}, under {@code load} (5 s at a time) instead of wrk. */
  private void warm(String name, Child child, Load load) throws Exception {
    int total = 0;
    double lastJit = Double.NaN;
    while (total < warmupMax) {
      Map<Long, Long> before = jitTicks(child);
      load.run(5);
      total += 5;
      Map<Long, Long> after = jitTicks(child);
      long ticks = 0;
      for (Map.Entry<Long, Long> thread : after.entrySet()) {
        ticks += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
      }
      lastJit = ticks / 100.0 / 5; // cores
      if (total >= warmup && lastJit <= 0.05) {
        break;
      }
    }
    warmups.add(String.format("%s %d s (JIT %.2f cores in its last 5 s)", name, total, lastJit));
  }

  /**
   * CPU clock ticks (user and system) of each of the JVM's JIT compiler threads so far, by thread id: Linux's
   * {@code /proc/PID/task}; empty elsewhere or for a process without them (nginx). By thread, since the JVM
   * starts and stops compiler threads as its queue grows and shrinks.
   */
  private static Map<Long, Long> jitTicks(Child child) {
    Map<Long, Long> ticks = new HashMap<>();
    try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(child.pid()), "task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String comm = Files.readString(task.resolve("comm"));
          if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
            String[] fields = statFields(task.resolve("stat"));
            ticks.put(Long.parseLong(task.getFileName().toString()),
                Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
          }
        } catch (IOException | RuntimeException exited) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException | RuntimeException e) {
      return ticks;
    }
    return ticks;
  }

  private Path newDataDir() throws IOException {
    return Files.createDirectories(runDir.resolve("data-" + (++gateways)));
  }

  private Wrk.Result wrk(String name, int port, int duration) throws Exception {
    return Wrk.run(runDir, "wrk-" + name, script, port, duration, connections, runId, duplicateShare);
  }

  private long baselineAllocated(int port) throws Exception {
    return Long.parseLong(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/alloc")).build(),
        HttpResponse.BodyHandlers.ofString()).body().trim());
  }

  private long delivered(int kochavaPort) throws Exception {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(URI.create(String.format(fakeUrlFormat, kochavaPort) + "/stats")).build(),
        HttpResponse.BodyHandlers.ofString());
    return Long.parseLong(response.body().trim());
  }

  /** Kernel-mode CPU seconds the process used so far (Linux {@code /proc/PID/stat}, field 15), NaN elsewhere. */
  private static double systemCpu(Child child) {
    try {
      String[] fields = statFields(Path.of("/proc", Long.toString(child.pid()), "stat"));
      return Long.parseLong(fields[12]) / 100.0; // stime, in clock ticks (USER_HZ, 100 on Linux)
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /**
   * A {@code /proc} stat file's fields after the command name (which may hold spaces and parentheses): index 11 is
   * utime, 12 stime, in clock ticks.
   */
  private static String[] statFields(Path stat) throws IOException {
    String line = Files.readString(stat);
    return line.substring(line.lastIndexOf(')') + 2).split(" ");
  }

  /** CPU seconds the process used so far. */
  private static double cpu(Child child) {
    return ProcessHandle.of(child.pid()).flatMap(p -> p.info().totalCpuDuration())
        .map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void waitForPort(int port, int timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(20);
      }
    }
    throw new IllegalStateException("nothing listens on port " + port + " after " + timeoutSeconds + " s");
  }

  // ---------------------------------------------------------------- machine and formatting

  private void printMachine() throws Exception {
    System.out.println("## Machine");
    System.out.printf("- cores: %d (Runtime.availableProcessors), memory: %s%n",
        Runtime.getRuntime().availableProcessors(), firstLine("bash", "-c", "free -g | awk '/Mem:/{print $2\" GiB\"}'"));
    System.out.printf("- CPU: %s%n", firstLine("bash", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"));
    System.out.printf("- kernel: %s; load average at start: %s%n", firstLine("uname", "-r"),
        firstLine("cat", "/proc/loadavg"));
    System.out.printf("- JVM: %s %s (%s)%n", System.getProperty("java.vm.name"), System.getProperty("java.vm.version"),
        System.getProperty("java.vendor"));
    System.out.printf("- JVM flags (gateway, baseline server, fake Kochava): %s; ledger runs: %s%s%n",
        String.join(" ", FLAGS), String.join(" ", LEDGER_FLAGS),
        gatewayFlags.isEmpty() ? "" : "; EXPERIMENT, gateway also: " + String.join(" ", gatewayFlags));
    System.out.printf("- load generators: %s (closed loop, 1 thread, %d connections, src/bench/installs.lua); "
        + "io.ctvgateway.bench.OpenLoop (open loop, Vert.x HttpClient, %d connections)%n",
        firstLine("bash", "-c", "wrk -v 2>&1 | head -1"), connections, connections);
    System.out.printf("- nginx: %s%n", Nginx.unavailable() == null
        ? firstLine("bash", "-c", "nginx -v 2>&1") : "unavailable: " + Nginx.unavailable());
    System.out.printf("- traffic: Roku and LG webOS installs, distinct devices, ~400-byte bodies, duplicate share %.2f%n",
        duplicateShare);
    System.out.printf("- durations: warm-up at least %d s (until the JIT settles), closed loop %d s, open loop %d s;"
        + " commit %s%n", warmup, seconds,
        openSeconds, firstLine("git", "rev-parse", "--short", "HEAD"));
  }

  private static String firstLine(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes()).trim();
      process.waitFor(10, TimeUnit.SECONDS);
      return out.isEmpty() ? "?" : out.lines().findFirst().orElse("?").trim();
    } catch (IOException | InterruptedException e) {
      return "? (" + e.getMessage() + ")";
    }
  }

  private static String fmt(double perSecond) {
    return String.format(Locale.ROOT, "%,.0f", perSecond);
  }

  private static String ms(long micros) {
    return String.format(Locale.ROOT, "%.2f", micros / 1e3);
  }

  private static String secs(long nanos) {
    return String.format(Locale.ROOT, "%.2f", nanos / 1e9);
  }

  private static String list(long[] nanos) {
    return Arrays.stream(nanos).mapToObj(BenchSuite::secs).reduce((a, b) -> a + ", " + b).orElse("");
  }

  private static int intEnv(String name, int fallback) {
    return Integer.parseInt(env(name, Integer.toString(fallback)));
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
