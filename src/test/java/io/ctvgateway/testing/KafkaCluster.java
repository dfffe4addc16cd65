package io.ctvgateway.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Real Apache Kafka brokers (the {@code kafka_2.13} jar from Maven Central, on the test classpath) in KRaft
 * mode, each its own JVM process ({@code kafka.Kafka}) with a generated config on free loopback ports: combined
 * broker and controller nodes, formatted with {@code kafka.tools.StorageTool}. One node for most tests, three
 * for replication. A node can be SIGKILLed, stopped and started again on the same ports and log directory.
 */
public final class KafkaCluster implements AutoCloseable {
  /** One broker+controller node. */
  public final class Node {
    final int id;
    final int port;
    final int controllerPort;
    final Path dir;
    Process process;

    Node(int id, int port, int controllerPort, Path dir) {
      this.id = id;
      this.port = port;
      this.controllerPort = controllerPort;
      this.dir = dir;
    }

    public int port() {
      return port;
    }

    /** Starts (again) and waits until its port takes connections. */
    public void start() throws Exception {
      Path log = dir.resolve("broker.log");
      process = new ProcessBuilder(java("kafka.Kafka", dir.resolve("server.properties").toString()))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!listening(port)) {
        if (!process.isAlive()) {
          throw new AssertionError("kafka node " + id + " exited with " + process.exitValue() + ":\n" + tail(log));
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("kafka node " + id + " did not listen on " + port + " in 60 s:\n" + tail(log));
        }
        Thread.sleep(50);
      }
    }

    /** SIGKILL: the broker's page cache is all it had time to write. */
    public void kill() throws InterruptedException {
      if (process != null && process.isAlive()) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }

    /** SIGTERM: a controlled shutdown. */
    public void stop() throws InterruptedException {
      if (process != null && process.isAlive()) {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
      }
    }
  }

  private final List<Node> nodes = new ArrayList<>();

  private KafkaCluster() {}

  /**
   * A free loopback port not in {@code taken} (then added to it): a port just closed can be handed out again at
   * once, and a broker whose two listeners got one port refused to format ("two listeners on the same port").
   */
  private static int freePort(java.util.Set<Integer> taken) throws java.io.IOException {
    int port;
    do {
      port = FakeKochava.freePort();
    } while (!taken.add(port));
    return port;
  }

  /**
   * Formats and starts {@code size} nodes under {@code dir}; ready when the cluster answers and has all its
   * brokers. Internal topics get {@code min(size, 3)} replicas; consumer group sessions may be as short as 1 s.
   */
  public static KafkaCluster start(Path dir, int size) throws Exception {
    KafkaCluster cluster = new KafkaCluster();
    java.util.Set<Integer> ports = new java.util.HashSet<>();
    for (int i = 1; i <= size; i++) {
      cluster.nodes.add(cluster.new Node(i, freePort(ports), freePort(ports),
          Files.createDirectories(dir.resolve("kafka-" + i))));
    }
    String voters = cluster.nodes.stream().map(n -> n.id + "@127.0.0.1:" + n.controllerPort)
        .collect(Collectors.joining(","));
    String clusterId = base64Uuid();
    int replicas = Math.min(size, 3);
    for (Node node : cluster.nodes) {
      Path logs = Files.createDirectories(node.dir.resolve("logs"));
      String config = String.join("\n",
          "process.roles=broker,controller",
          "node.id=" + node.id,
          "controller.quorum.voters=" + voters,
          "listeners=PLAINTEXT://127.0.0.1:" + node.port + ",CONTROLLER://127.0.0.1:" + node.controllerPort,
          "advertised.listeners=PLAINTEXT://127.0.0.1:" + node.port,
          "controller.listener.names=CONTROLLER",
          "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
          "inter.broker.listener.name=PLAINTEXT",
          "log.dirs=" + logs,
          "num.partitions=1",
          "default.replication.factor=" + replicas,
          "offsets.topic.replication.factor=" + replicas,
          "offsets.topic.num.partitions=4",
          "transaction.state.log.replication.factor=" + replicas,
          "transaction.state.log.min.isr=1",
          "share.coordinator.state.topic.replication.factor=" + replicas,
          "share.coordinator.state.topic.min.isr=1",
          "group.initial.rebalance.delay.ms=0",
          "group.min.session.timeout.ms=1000",
          "auto.create.topics.enable=false",
          // A dead broker is fenced, and its replicas leave the in-sync sets, in about 3 s rather than 9 and 30.
          "broker.session.timeout.ms=3000",
          "broker.heartbeat.interval.ms=500",
          "replica.lag.time.max.ms=3000",
          "log.flush.interval.messages=9223372036854775807",
          "") ;
      Path properties = node.dir.resolve("server.properties");
      Files.writeString(properties, config);
      Path log = node.dir.resolve("format.log");
      Process format = new ProcessBuilder(java("kafka.tools.StorageTool", "format",
          "--cluster-id=" + clusterId, "--config=" + properties, "--ignore-formatted"))
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
        throw new AssertionError("kafka-storage format failed:\n" + Files.readString(log));
      }
    }
    for (Node node : cluster.nodes) {
      node.process = null;
    }
    // All at once: a controller quorum of three needs two to elect a leader.
    List<Thread> starting = new ArrayList<>();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (Node node : cluster.nodes) {
      Thread thread = new Thread(() -> {
        try {
          node.start();
        } catch (Throwable e) {
          failures.add(e);
        }
      });
      thread.start();
      starting.add(thread);
    }
    for (Thread thread : starting) {
      thread.join();
    }
    if (!failures.isEmpty()) {
      cluster.close();
      throw new AssertionError("kafka did not start", failures.get(0));
    }
    cluster.awaitBrokers(size, 60);
    return cluster;
  }

  /** Waits until the cluster reports {@code count} live brokers. */
  public void awaitBrokers(int count, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try (Admin admin = admin()) {
        int live = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
        if (live >= count) {
          return;
        }
      } catch (Exception e) {
        last = e;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("kafka did not report " + count + " brokers in " + seconds + " s", last);
  }

  /** CPU seconds the running nodes used so far (benchmarks print the broker's share of the cores). */
  public double cpuSeconds() {
    return nodes.stream().filter(n -> n.process != null && n.process.isAlive())
        .mapToDouble(n -> n.process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0)).sum();
  }

  public List<Node> nodes() {
    return nodes;
  }

  public Node node(int index) {
    return nodes.get(index);
  }

  /** {@code host:port,...} of every node. */
  public String bootstrap() {
    return nodes.stream().map(n -> "127.0.0.1:" + n.port).collect(Collectors.joining(","));
  }

  public Admin admin() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
    return Admin.create(props);
  }

  @Override
  public void close() throws InterruptedException {
    for (Node node : nodes) {
      node.kill();
    }
  }

  private static List<String> java(String main, String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xms128m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
        "-Dlogback.configurationFile=" + logback(),
        "-cp", System.getProperty("java.class.path"), main));
    command.addAll(List.of(args));
    return command;
  }

  /** A quiet logback config for the broker (the gateway's own would print every Kafka line as an event). */
  private static String logback() {
    try {
      Path file = Path.of(System.getProperty("java.io.tmpdir"), "ctvgw-kafka-logback.xml");
      Files.writeString(file, "<configuration><appender name=\"out\" class=\"ch.qos.logback.core.ConsoleAppender\">"
          + "<encoder><pattern>%d %level %logger{20} %msg%n</pattern></encoder></appender>"
          + "<root level=\"WARN\"><appender-ref ref=\"out\"/></root></configuration>", StandardCharsets.UTF_8);
      return file.toString();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String tail(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "";
    }
    String text = Files.readString(log);
    return text.length() > 4_000 ? text.substring(text.length() - 4_000) : text;
  }

  /** Kafka's cluster id: a UUID in URL-safe base64 without padding (it may start with '-': pass it as --x=y). */
  private static String base64Uuid() {
    UUID uuid = UUID.randomUUID();
    java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16)
        .putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
  }
}
