package io.ctvgateway;

import io.ctvgateway.config.ConfigException;
import io.ctvgateway.config.ConfigLoader;
import io.ctvgateway.config.AccessConfig;
import io.ctvgateway.config.GatewayConfig;
import io.ctvgateway.profile.ProfilesCheck;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * {@code java -jar ctv-gateway.jar [--config PATH]}, or {@code java -jar ctv-gateway.jar profiles check [DIR]} to
 * check a profiles directory without starting ({@link ProfilesCheck}). The config file is {@code conf/gateway.json} unless
 * {@code --config} or {@code CTVGW_CONFIG} names another. SIGTERM and SIGINT stop the gateway gracefully and
 * exit 0; a configuration or start-up error exits 2 with a message naming what is wrong.
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  private static final Path DEFAULT_CONFIG = Path.of("conf", "gateway.json");

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length > 0 && args[0].equals("profiles")) { // profiles check [DIR]: no server, no config
      System.exit(ProfilesCheck.run(List.of(args).subList(1, args.length), System.out, System.err));
      return;
    }
    Path configFile = configFile(args);
    GatewayConfig config;
    try {
      config = ConfigLoader.load(configFile, System.getenv(), System.getProperties());
    } catch (ConfigException e) {
      System.err.println("ctv-gateway: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    LOG.info("event=starting config={} pid={}", configFile.toAbsolutePath(), ProcessHandle.current().pid());
    Vertx vertx = Vertx.vertx(new VertxOptions());
    Gateway gateway;
    try {
      gateway = Gateway.start(vertx, config, Clock.systemUTC()).await(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.error("event=start_failed cause={}", e.getMessage());
      System.err.println("ctv-gateway: could not start: " + e.getMessage());
      vertx.close();
      System.exit(2);
      return;
    }
    boolean openRelay = config.access().unknownApps() == AccessConfig.UnknownApps.ACCEPT;
    LOG.info("event=ready http_port={} admin_port={} data_dir={} upstream={} fsync={} apps={} unknown_apps={}",
        gateway.httpPort(), gateway.adminPort(), config.dataDir().toAbsolutePath(), config.upstream().url(),
        config.journal().fsync().name().toLowerCase(java.util.Locale.ROOT), config.kochava().apps().size(),
        openRelay ? "accept" : "reject");
    if (openRelay) {
      LOG.warn("event=open_relay unknown_apps=accept hint=\"installs for ANY app id are forwarded to Kochava: for"
          + " development only; list your apps under apps and set access.unknown_apps to reject\"");
    }
    CountDownLatch stopRequested = new CountDownLatch(1);
    // Handling the signals ourselves (rather than a shutdown hook) lets a graceful stop exit 0, not 143.
    Signal.handle(new Signal("TERM"), signal -> stopRequested.countDown());
    Signal.handle(new Signal("INT"), signal -> stopRequested.countDown());
    stopRequested.await();
    // The stop is driven from this (non-Vert.x) thread, so no callback needs an event loop that is closing.
    LOG.info("event=stopping");
    int exit = 0;
    try {
      gateway.stop().await(config.http().shutdownGraceMs() + 60_000, TimeUnit.MILLISECONDS);
      LOG.info("event=stopped");
    } catch (Exception e) {
      LOG.error("event=stop_failed cause={}", e.toString());
      exit = 1;
    }
    try {
      vertx.close().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("event=vertx_close_failed cause={}", e.toString());
    }
    System.exit(exit);
  }

  static Path configFile(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        return Path.of(args[i + 1]);
      }
      if (args[i].startsWith("--config=")) {
        return Path.of(args[i].substring("--config=".length()));
      }
    }
    String fromEnv = System.getenv("CTVGW_CONFIG");
    return fromEnv == null || fromEnv.isBlank() ? DEFAULT_CONFIG : Path.of(fromEnv);
  }
}
