package io.ctvgateway.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.testing.FakeKochava;
import io.ctvgateway.testing.GatewayProcess;
import io.ctvgateway.testing.Logfmt;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real jar's command line, its data_dir lock, its health command and its two log formats. */
@Timeout(180)
class CommandLineIT {
  private Vertx vertx;
  private FakeKochava kochava;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    kochava = FakeKochava.start(vertx);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private Map<String, String> env(Path dir) {
    Map<String, String> env = new HashMap<>();
    env.put("CTVGW_HTTP_PORT", "0");
    env.put("CTVGW_ADMIN_PORT", "0");
    env.put("CTVGW_UPSTREAM_URL", kochava.url());
    env.put("CTVGW_DATA_DIR", dir.resolve("data").toString());
    return env;
  }

  @Test
  void helpAndVersionPrintAndExitWithoutStartingAnything(@TempDir Path dir) throws Exception {
    GatewayProcess.Finished help = GatewayProcess.run(dir, List.of("--help"), env(dir));
    assertEquals(0, help.exit(), help.output());
    assertTrue(help.output().contains("usage: java -jar ctv-gateway.jar [--config PATH]"), help.output());
    assertFalse(help.output().contains("event="), help.output());

    GatewayProcess.Finished version = GatewayProcess.run(dir, List.of("--version"), env(dir));
    assertEquals(0, version.exit(), version.output());
    assertTrue(version.output().matches("ctv-gateway \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\s*"), version.output());
  }

  @Test
  void unknownArgumentsExit2WithTheUsageAndStartNoServer(@TempDir Path dir) throws Exception {
    for (List<String> args : List.of(List.of("check"), List.of("profile", "check"), List.of("--config"),
        List.of("-v"), List.of("profiles"))) {
      GatewayProcess.Finished run = GatewayProcess.run(dir, args, env(dir));
      assertEquals(2, run.exit(), args + ": " + run.output());
      assertTrue(run.output().contains("usage: java -jar ctv-gateway.jar"), run.output());
      assertFalse(run.output().contains("event=starting"), run.output());
    }
  }

  @Test
  void anInvalidLogLevelOrFormatIsAStartError(@TempDir Path dir) throws Exception {
    Map<String, String> env = env(dir);
    env.put("CTVGW_LOG_LEVEL", "TRACEX");
    GatewayProcess.Finished run = GatewayProcess.run(dir, List.of(), env);
    assertEquals(2, run.exit(), run.output());
    assertTrue(run.output().contains("CTVGW_LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF, got 'TRACEX'"),
        run.output());
    env.put("CTVGW_LOG_LEVEL", "info");
    env.put("CTVGW_LOG_FORMAT", "xml");
    run = GatewayProcess.run(dir, List.of(), env);
    assertEquals(2, run.exit(), run.output());
    assertTrue(run.output().contains("CTVGW_LOG_FORMAT must be one of logfmt, json, got 'xml'"), run.output());
  }

  @Test
  void aSecondProcessOnTheSameDataDirExits2NamingTheHolder(@TempDir Path dir) throws Exception {
    try (GatewayProcess first = GatewayProcess.start(dir, "first", List.of(), env(dir))) {
      GatewayProcess.Finished second = GatewayProcess.run(dir, List.of(), env(dir));
      assertEquals(2, second.exit(), second.output());
      assertTrue(second.output().contains("is in use by another ctv-gateway process (pid " + first.process().pid() + ","),
          second.output());
      assertEquals(202, install(first.port(), "fa73d67d-f55c-5af3-883a-726253dc7d0e"), "the first still serves");
      assertEquals(0, first.terminate(), first.output());
    }
    // Released at exit: the next process starts.
    try (GatewayProcess third = GatewayProcess.start(dir, "third", List.of(), env(dir))) {
      assertEquals(0, third.terminate(), third.output());
    }
  }

  @Test
  void theHealthCommandAsksTheRunningGateway(@TempDir Path dir) throws Exception {
    Map<String, String> env = env(dir);
    int adminPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      adminPort = socket.getLocalPort();
    }
    env.put("CTVGW_ADMIN_PORT", Integer.toString(adminPort));
    try (GatewayProcess gateway = GatewayProcess.start(dir, "health", List.of(), env)) {
      GatewayProcess.Finished health = GatewayProcess.run(dir, List.of("health"), env);
      assertEquals(0, health.exit(), health.output());
      assertTrue(health.output().contains("\"status\":\"ready\""), health.output());
      assertEquals(0, gateway.terminate());
    }
    GatewayProcess.Finished down = GatewayProcess.run(dir, List.of("health"), env);
    assertEquals(1, down.exit(), down.output());
  }

  @Test
  void everyLogLineIsOneLogfmtEvent(@TempDir Path dir) throws Exception {
    Map<String, String> env = env(dir);
    env.put("CTVGW_LOG_LEVEL", "DEBUG");
    try (GatewayProcess gateway = GatewayProcess.start(dir, "logfmt", List.of(), env)) {
      assertEquals(202, install(gateway.port(), "fa73d67d-f55c-5af3-883a-726253dc7d0e"));
      assertEquals(400, install(gateway.port(), "not an id"));
      io.ctvgateway.testing.Conditions.await(vertx, "delivered", () -> kochava.accepted().size() == 1);
      assertEquals(0, gateway.terminate());
      String[] lines = gateway.output().split("\n");
      assertTrue(lines.length > 10, gateway.output());
      for (String line : lines) {
        assertTrue(Logfmt.isEventLine(line), "not a logfmt event line: " + line);
      }
      assertTrue(gateway.output().contains(" event=stopped"), gateway.output());
    }
  }

  @Test
  void jsonLogsAreOneObjectPerLine(@TempDir Path dir) throws Exception {
    Map<String, String> env = env(dir);
    env.put("CTVGW_LOG_FORMAT", "json");
    try (GatewayProcess gateway = GatewayProcess.start(dir, "json", List.of(), env)) {
      assertEquals(202, install(gateway.port(), "fa73d67d-f55c-5af3-883a-726253dc7d0e"));
      assertEquals(0, gateway.terminate());
      String[] lines = gateway.output().split("\n");
      boolean ready = false;
      for (String line : lines) {
        JsonObject json = new JsonObject(line);
        assertTrue(json.containsKey("level") && json.containsKey("loggerName") && json.containsKey("timestamp"), line);
        ready |= json.getString("formattedMessage", "").startsWith("event=ready http_port=");
      }
      assertTrue(ready, gateway.output());
    }
  }

  @Test
  void copyToRedisMovesEveryInstalledDeviceSoNoneIsInstalledTwice(@TempDir Path dir) throws Exception {
    String[] ridas = {"fa73d67d-f55c-5af3-883a-726253dc7d0e", "0b6e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4",
        "1c7f2d3e-4a5b-4c6d-9e7f-8091a2b3c4d5"};
    try (io.ctvgateway.testing.RedisServer redis = io.ctvgateway.testing.RedisServer.start(dir)) {
      Map<String, String> local = env(dir);
      Map<String, String> shared = new HashMap<>(local);
      shared.put("CTVGW_LEDGER", "redis");
      shared.put("CTVGW_REDIS_URL", redis.url());
      try (GatewayProcess embedded = GatewayProcess.start(dir, "embedded", List.of(), local)) {
        for (String rida : ridas) {
          assertEquals(202, install(embedded.port(), rida));
        }
        io.ctvgateway.testing.Conditions.await(vertx, "delivered", () -> kochava.accepted().size() == 3);
        GatewayProcess.Finished busy = GatewayProcess.run(dir, List.of("ledger", "copy-to-redis"), shared);
        assertEquals(2, busy.exit(), "not while a gateway runs on the data_dir: " + busy.output());
        assertEquals(0, embedded.terminate());
      }
      GatewayProcess.Finished notRedis = GatewayProcess.run(dir, List.of("ledger", "copy-to-redis"), local);
      assertEquals(2, notRedis.exit(), notRedis.output());

      // The install path's Redis deadline at its least (1 ms): the copy, an offline job, waits longer for its calls
      // (it failed now and then with the default 250 ms, its first call opening the connection in a cold JVM).
      Map<String, String> copying = new HashMap<>(shared);
      copying.put("JAVA_TOOL_OPTIONS", "-Dctvgw.ledger.redis.timeout_ms=1");
      GatewayProcess.Finished copied = GatewayProcess.run(dir, List.of("ledger", "copy-to-redis"), copying);
      assertEquals(0, copied.exit(), copied.output());
      assertTrue(copied.output().contains("keys=3 written=3 skipped=0"), copied.output());
      GatewayProcess.Finished again = GatewayProcess.run(dir, List.of("ledger", "copy-to-redis"), copying);
      assertTrue(again.output().contains("keys=3 written=3 skipped=0"), "idempotent: " + again.output());

      // A fresh data_dir: only Redis knows these devices now.
      shared.put("CTVGW_DATA_DIR", dir.resolve("other").toString());
      try (GatewayProcess onRedis = GatewayProcess.start(dir, "on-redis", List.of(), shared)) {
        for (String rida : ridas) {
          assertEquals(200, install(onRedis.port(), rida), "a duplicate: installed before the move");
        }
        assertEquals(202, install(onRedis.port(), "2d8a3e4f-5b6c-4d7e-8f90-a1b2c3d4e5f6"), "a new device");
        assertEquals(0, onRedis.terminate());
      }
    }
  }

  @Test
  void drainDeliversTheBacklogTakingNoInstallsAndExitsWhenItIsEmpty(@TempDir Path dir) throws Exception {
    java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
    kochava.otherwise(r -> down.get() ? FakeKochava.Answer.status(503, "down") : FakeKochava.Answer.ok());
    String[] ridas = {"fa73d67d-f55c-5af3-883a-726253dc7d0e", "0b6e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4",
        "1c7f2d3e-4a5b-4c6d-9e7f-8091a2b3c4d5"};
    try (GatewayProcess gateway = GatewayProcess.start(dir, "before", List.of(), env(dir))) {
      for (String rida : ridas) {
        assertEquals(202, install(gateway.port(), rida));
      }
      assertEquals(0, gateway.terminate()); // Kochava down: the three stay in the journal
    }
    assertEquals(0, kochava.accepted().size());
    down.set(false);
    try (GatewayProcess drain = GatewayProcess.start(dir, "drain", List.of("drain"), env(dir))) {
      assertEquals(503, install(drain.port(), "2d8a3e4f-5b6c-4d7e-8f90-a1b2c3d4e5f6"), "takes no new install");
      assertTrue(drain.process().waitFor(60, TimeUnit.SECONDS), "drain exits by itself");
      assertEquals(0, drain.process().exitValue(), drain.output());
      assertTrue(drain.output().contains("event=drained unsettled=0 dead_letters=0"), drain.output());
    }
    assertEquals(3, kochava.accepted().size());
  }

  private int install(int port, String rida) throws Exception {
    JsonObject install = new JsonObject().put("app_id", "koexample-app-id")
        .put("ids", new JsonObject().put("rida", rida)).put("os_version", "12.0.0.4186").put("model", "3920X");
    return WebClient.create(vertx).post(port, "127.0.0.1", "/v1/roku/install")
        .putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(install.encode()))
        .await(10, TimeUnit.SECONDS).statusCode();
  }
}
