package io.ctvgateway;

import io.ctvgateway.config.ConfigException;
import io.ctvgateway.config.ConfigLoader;
import io.ctvgateway.config.AccessConfig;
import io.ctvgateway.config.GatewayConfig;
import io.ctvgateway.logging.LogSettings;
import io.ctvgateway.profile.ProfilesCheck;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.ctvgateway.metrics.GatewayMetrics;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * The command line. {@code java -jar ctv-gateway.jar [--config PATH]} runs the gateway; the other commands
 * start nothing (see {@link #USAGE}). Arguments are parsed strictly: anything unknown, or {@code --config}
 * without a value, exits 2 with the usage rather than starting a server on the defaults. The config file is
 * {@code --config}, else {@code CTVGW_CONFIG}, else {@code conf/gateway.json}. SIGTERM and SIGINT stop the
 * gateway gracefully and exit 0; a configuration or start-up error exits 2 with a message naming what is wrong.
 */
public final class Main {
  private static final Path DEFAULT_CONFIG = Path.of("conf", "gateway.json");
  static final String USAGE = String.join("\n",
      "usage: java -jar ctv-gateway.jar [--config PATH]       run the gateway",
      "       java -jar ctv-gateway.jar profiles check [DIR]  check a profiles directory (default device-profiles)",
      "       java -jar ctv-gateway.jar profiles try PLATFORM REQUEST.json [--ua UA] [--ip IP] [--event] [--dir DIR]",
      "                                                       what the preview shows for a TV request, offline",
      "       java -jar ctv-gateway.jar health [--config PATH] exit 0 when the running gateway is ready (its admin port)",
      "       java -jar ctv-gateway.jar drain [--config PATH]  deliver this data_dir's backlog, taking no installs; exit 0 when empty",
      "       java -jar ctv-gateway.jar ledger copy-to-redis [--config PATH]",
      "                                                       copy the local key log into the configured Redis ledger",
      "       java -jar ctv-gateway.jar --version | --help",
      "The config file is --config, else $CTVGW_CONFIG, else conf/gateway.json; CTVGW_* variables override it.");

  private Main() {}

  /** A parsed command line: what to run, and the config file when it takes one. */
  record Command(String name, List<String> operands, Path config) {}

  /** Thrown for a command line that is not one of {@link #USAGE}'s. */
  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }

  /**
   * Parses the command line strictly.
   *
   * @param env for {@code CTVGW_CONFIG}
   * @throws UsageException naming the first argument that is not understood
   */
  static Command parse(List<String> args, Map<String, String> env) throws UsageException {
    if (args.size() == 1 && (args.get(0).equals("--help") || args.get(0).equals("-h") || args.get(0).equals("help"))) {
      return new Command("help", List.of(), null);
    }
    if (args.size() == 1 && (args.get(0).equals("--version") || args.get(0).equals("version"))) {
      return new Command("version", List.of(), null);
    }
    if (!args.isEmpty() && args.get(0).equals("profiles")) {
      if (args.size() >= 2 && args.get(1).equals("try")) {
        return new Command("profiles-try", args.subList(2, args.size()), null);
      }
      if (args.size() < 2 || !args.get(1).equals("check") || args.size() > 3 || (args.size() == 3 && args.get(2).startsWith("-"))) {
        throw new UsageException("profiles takes: check [DIR], or try PLATFORM REQUEST.json [--ua UA] [--dir DIR]");
      }
      return new Command("profiles", args.subList(1, args.size()), null);
    }
    String name = "run";
    List<String> rest = args;
    if (!args.isEmpty() && (args.get(0).equals("health") || args.get(0).equals("drain"))) {
      name = args.get(0);
      rest = args.subList(1, args.size());
    } else if (!args.isEmpty() && args.get(0).equals("ledger")) {
      if (args.size() < 2 || !args.get(1).equals("copy-to-redis")) {
        throw new UsageException("ledger takes: copy-to-redis [--config PATH]");
      }
      name = "ledger-copy";
      rest = args.subList(2, args.size());
    }
    Path config = null;
    for (int i = 0; i < rest.size(); i++) {
      String arg = rest.get(i);
      String value;
      if (arg.equals("--config")) {
        if (i + 1 >= rest.size() || rest.get(i + 1).isBlank()) {
          throw new UsageException("--config needs a file name");
        }
        value = rest.get(++i);
      } else if (arg.startsWith("--config=")) {
        value = arg.substring("--config=".length());
        if (value.isBlank()) {
          throw new UsageException("--config needs a file name");
        }
      } else {
        throw new UsageException("unknown argument '" + arg + "'");
      }
      if (config != null) {
        throw new UsageException("--config is given twice");
      }
      config = Path.of(value);
    }
    return new Command(name, List.of(), configFile(config, env));
  }

  /** The configuration file: {@code --config}'s when given, else {@code CTVGW_CONFIG}'s, else the default. */
  static Path configFile(Path given, Map<String, String> env) {
    if (given != null) {
      return given;
    }
    String fromEnv = env.get("CTVGW_CONFIG");
    return fromEnv == null || fromEnv.isBlank() ? DEFAULT_CONFIG : Path.of(fromEnv);
  }

  /** The commit the jar was built from (git.properties, written by the build), or {@code unknown}. */
  static String commit() {
    try (java.io.InputStream in = Main.class.getResourceAsStream("/ctvgw-git.properties")) {
      if (in == null) {
        return "unknown";
      }
      java.util.Properties git = new java.util.Properties();
      git.load(in);
      return git.getProperty("git.commit.id.abbrev", "unknown");
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  /** The jar's version (its manifest's Implementation-Version), or {@code dev} when run from classes. */
  static String version() {
    String version = Main.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  public static void main(String[] args) throws InterruptedException {
    // Before anything logs: logback would take a bad level as DEBUG and a bad format as no output at all.
    String logProblem = LogSettings.problem(System.getenv());
    if (logProblem != null) {
      System.err.println("ctv-gateway: configuration error: " + logProblem);
      System.exit(2);
      return;
    }
    Command command;
    try {
      command = parse(List.of(args), System.getenv());
    } catch (UsageException e) {
      System.err.println("ctv-gateway: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    switch (command.name()) {
      case "help" -> {
        System.out.println("ctv-gateway " + version() + ": Connected-TV installs to Kochava, without an SDK");
        System.out.println(USAGE);
        System.exit(0);
      }
      case "version" -> {
        System.out.println("ctv-gateway " + version());
        System.exit(0);
      }
      case "profiles" -> System.exit(ProfilesCheck.run(command.operands(), System.out, System.err));
      case "profiles-try" -> System.exit(ProfilesTry.run(command.operands(), System.getenv(), System.out, System.err));
      case "health" -> System.exit(HealthCommand.run(loadOrExit(command.config()), System.out, System.err));
      case "ledger-copy" -> System.exit(LedgerCopy.run(loadOrExit(command.config()), System.out, System.err));
      case "drain" -> run(command.config(), true);
      default -> run(command.config(), false);
    }
  }

  private static GatewayConfig loadOrExit(Path configFile) {
    try {
      return ConfigLoader.load(configFile, System.getenv(), System.getProperties());
    } catch (ConfigException e) {
      System.err.println("ctv-gateway: configuration error: " + e.getMessage());
      System.exit(2);
      return null;
    }
  }

  /**
   * Runs the gateway until SIGTERM/SIGINT; with {@code drain}, refusing every install (503, unready) and
   * stopping by itself once every install of the journal is delivered or dead-lettered: how an instance removed
   * for good hands over its backlog before its volume is deleted.
   */
  private static void run(Path configFile, boolean drain) throws InterruptedException {
    Logger log = LoggerFactory.getLogger(Main.class);
    GatewayConfig config = loadOrExit(configFile);
    log.info("event=starting config={} pid={}", configFile.toAbsolutePath(), ProcessHandle.current().pid());
    GatewayMetrics metrics = config.metrics().enabled()
        ? GatewayMetrics.create(config.kochava().apps().keySet(), version(), commit())
        : GatewayMetrics.off();
    Vertx vertx = metrics.vertx(new VertxOptions().setPreferNativeTransport(true), config.metrics().vertxHttpServer(),
        config.metrics().vertxHttpClient());
    if (vertx.isNativeTransportEnabled()) {
      log.info("event=transport kind=epoll");
    } else { // not Linux x86_64, or the library would not load: the JDK's selector, slower but the same gateway
      log.info("event=transport kind=nio cause={}", String.valueOf(vertx.unavailableNativeTransportCause()));
    }
    Gateway gateway;
    try {
      gateway = Gateway.start(vertx, config, Clock.systemUTC(), metrics).await(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.error("event=start_failed cause={}", e.getMessage());
      System.err.println("ctv-gateway: could not start: " + e.getMessage());
      vertx.close();
      System.exit(2);
      return;
    }
    boolean openRelay = config.access().unknownApps() == AccessConfig.UnknownApps.ACCEPT;
    log.info("event=ready http_port={} admin_port={} data_dir={} upstream={} queue={} ledger={} fsync={} apps={}"
        + " unknown_apps={}", gateway.httpPort(), gateway.adminPort(), config.dataDir().toAbsolutePath(),
        config.upstream().url(), gateway.queue().type(), config.ledger().type().name().toLowerCase(java.util.Locale.ROOT),
        config.journal().fsync().name().toLowerCase(java.util.Locale.ROOT), config.kochava().apps().size(),
        openRelay ? "accept" : "reject");
    if (openRelay) {
      log.warn("event=open_relay unknown_apps=accept hint=\"installs for ANY app id are forwarded to Kochava: for"
          + " development only; list your apps under apps and set access.unknown_apps to reject\"");
    }
    CountDownLatch stopRequested = new CountDownLatch(1);
    if (drain) {
      gateway.refuseInstalls();
      Thread watcher = new Thread(() -> awaitDrained(gateway, stopRequested, log), "ctvgw-drain");
      watcher.setDaemon(true);
      watcher.start();
    }
    // Handling the signals ourselves (rather than a shutdown hook) lets a graceful stop exit 0, not 143.
    Signal.handle(new Signal("TERM"), signal -> stopRequested.countDown());
    Signal.handle(new Signal("INT"), signal -> stopRequested.countDown());
    stopRequested.await();
    // The stop is driven from this (non-Vert.x) thread, so no callback needs an event loop that is closing.
    log.info("event=stopping");
    int exit = 0;
    try {
      gateway.stop().await(config.http().shutdownGraceMs() + 60_000, TimeUnit.MILLISECONDS);
      log.info("event=stopped");
    } catch (Exception e) {
      log.error("event=stop_failed cause={}", e.toString());
      exit = 1;
    }
    try {
      vertx.close().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("event=vertx_close_failed cause={}", e.toString());
    }
    System.exit(exit);
  }

  private static void awaitDrained(Gateway gateway, CountDownLatch stopRequested, Logger log) {
    log.info("event=draining unsettled={} installs=refused", gateway.queue().unsettledRecords());
    long lastReport = System.nanoTime();
    try {
      while (gateway.queue().unsettledRecords() > 0) {
        Thread.sleep(200);
        if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(10)) {
          log.info("event=draining unsettled={}", gateway.queue().unsettledRecords());
          lastReport = System.nanoTime();
        }
      }
    } catch (InterruptedException e) {
      return;
    }
    log.info("event=drained unsettled=0 dead_letters={}", gateway.deadLetters().size());
    stopRequested.countDown();
  }
}
