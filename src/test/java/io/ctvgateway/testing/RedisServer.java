package io.ctvgateway.testing;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (the binary on PATH, or {@code $REDIS_SERVER}) as a child process on a free
 * loopback port, so that a test can stop it and start it again mid-test. Without the binary the test fails
 * (never skips) with a message that says how to get it. {@link #command} speaks just enough RESP to inspect
 * keys from a test.
 */
public final class RedisServer implements AutoCloseable {
  private final Path dir;
  private final int port;
  private final List<String> extraArgs;
  private Process process;

  private RedisServer(Path dir, int port, List<String> extraArgs) {
    this.dir = dir;
    this.port = port;
    this.extraArgs = List.copyOf(extraArgs);
  }

  /** An in-memory Redis (no RDB, no AOF): a stop loses every key. */
  public static RedisServer start(Path dir) throws Exception {
    return start(dir, List.of("--save", "", "--appendonly", "no"));
  }

  /** A Redis that keeps its keys across {@link #stop()} and {@link #start()} (AOF, fsync on every write). */
  public static RedisServer startPersistent(Path dir) throws Exception {
    return start(dir, List.of("--save", "", "--appendonly", "yes", "--appendfsync", "always"));
  }

  public static RedisServer start(Path dir, List<String> extraArgs) throws Exception {
    RedisServer server = new RedisServer(dir, FakeKochava.freePort(), extraArgs);
    server.start();
    return server;
  }

  /**
   * Three masters forming a Redis Cluster (slots split evenly, no replicas), ready when every node reports
   * {@code cluster_state:ok}. Built with CLUSTER ADDSLOTSRANGE and MEET, so {@code redis-cli} is not needed.
   */
  public static List<RedisServer> startCluster(Path dir, int nodes) throws Exception {
    List<RedisServer> servers = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      Path nodeDir = Files.createDirectories(dir.resolve("node-" + i));
      servers.add(start(nodeDir, List.of("--save", "", "--appendonly", "no", "--cluster-enabled", "yes",
          "--cluster-config-file", nodeDir.resolve("nodes.conf").toString(), "--cluster-node-timeout", "2000")));
    }
    int per = 16384 / nodes;
    for (int i = 0; i < nodes; i++) {
      int first = i * per;
      int last = i == nodes - 1 ? 16383 : first + per - 1;
      servers.get(i).command("CLUSTER", "ADDSLOTSRANGE", Integer.toString(first), Integer.toString(last));
    }
    for (int i = 1; i < nodes; i++) {
      servers.get(0).command("CLUSTER", "MEET", "127.0.0.1", Integer.toString(servers.get(i).port()));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (RedisServer server : servers) {
      while (!server.command("CLUSTER", "INFO").contains("cluster_state:ok")) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the Redis Cluster did not form in 30 s: " + server.command("CLUSTER", "INFO"));
        }
        server.process.waitFor(20, TimeUnit.MILLISECONDS);
      }
    }
    return servers;
  }

  /** The redis-server binary; fails the test when there is none. */
  public static String binary() {
    String configured = System.getenv("REDIS_SERVER");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(entry, "redis-server");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new AssertionError("redis-server is not on PATH: the Redis ledger tests need it (Debian/Ubuntu: "
        + "apt-get install redis-server; macOS: brew install redis; or set REDIS_SERVER=/path/to/redis-server). "
        + ".ci/run installs it.");
  }

  /** Starts (again, on the same port and directory, so a persistent server gets its keys back). */
  public void start() throws Exception {
    List<String> command = new ArrayList<>(List.of(binary(), "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--dir", dir.toString(), "--daemonize", "no"));
    command.addAll(extraArgs);
    process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis-" + port + ".log").toFile()))
        .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try {
        if ("PONG".equals(command("PING"))) {
          return;
        }
      } catch (IOException | AssertionError notYet) {
        // still starting (or loading its AOF)
      }
      if (!process.isAlive()) {
        throw new AssertionError("redis-server exited with " + process.exitValue() + ": "
            + Files.readString(dir.resolve("redis-" + port + ".log")));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("redis-server on port " + port + " did not answer PING in 20 s");
      }
      process.waitFor(10, TimeUnit.MILLISECONDS);
    }
  }

  /** SIGTERM (Redis writes its AOF and exits), and waits until the port is closed. */
  public void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** CPU seconds the server used so far. */
  public double cpuSeconds() {
    return process == null ? 0 : process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
  }

  public int port() {
    return port;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /**
   * One command over a fresh connection; the reply as text (an integer's digits, a bulk string, "nil", or the
   * lines of an array). An error reply fails the test.
   */
  public String command(Object... args) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      request.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      for (Object arg : args) {
        byte[] bytes = arg instanceof byte[] raw ? raw : arg.toString().getBytes(StandardCharsets.UTF_8);
        request.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        request.write(bytes);
        request.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      out.write(request.toByteArray());
      out.flush();
      return reply(socket.getInputStream());
    }
  }

  private static String reply(InputStream in) throws IOException {
    String line = line(in);
    switch (line.charAt(0)) {
      case '+', ':' -> {
        return line.substring(1);
      }
      case '-' -> throw new AssertionError("Redis answered an error: " + line.substring(1));
      case '$' -> {
        int length = Integer.parseInt(line.substring(1));
        if (length < 0) {
          return "nil";
        }
        byte[] data = in.readNBytes(length + 2);
        return new String(data, 0, length, StandardCharsets.ISO_8859_1);
      }
      case '*' -> {
        int count = Integer.parseInt(line.substring(1));
        List<String> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          items.add(reply(in));
        }
        return String.join("\n", items);
      }
      default -> throw new IOException("unexpected RESP line: " + line);
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int previous = -1;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed");
      }
      if (previous == '\r' && b == '\n') {
        byte[] bytes = line.toByteArray();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
      }
      line.write(b);
      previous = b;
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
