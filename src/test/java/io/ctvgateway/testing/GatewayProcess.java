package io.ctvgateway.testing;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real jar ({@code target/ctv-gateway.jar}) as a child process: started with a config file, its output
 * captured to a file, its port read from the ready line. {@link #kill()} is SIGKILL, {@link #terminate()}
 * SIGTERM.
 */
public final class GatewayProcess implements AutoCloseable {
  private static final Pattern READY = Pattern.compile("event=ready http_port=(\\d+)");

  private final Process process;
  private final Path log;
  private final int port;

  private GatewayProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  public static Path jar() {
    String jar = System.getProperty("ctvgw.jar", "target/ctv-gateway.jar");
    if (!Files.exists(Path.of(jar))) {
      throw new IllegalStateException(jar + " is missing: run `mvn package` first (mvn -B verify does)");
    }
    return Path.of(jar);
  }

  /** Writes {@code config} to {@code dir} and starts the jar with {@code --config}; waits for the ready line. */
  public static GatewayProcess start(Path dir, String name, JsonObject config, Map<String, String> env)
      throws IOException, InterruptedException {
    Path configFile = dir.resolve(name + ".json");
    Files.writeString(configFile, config.encodePrettily());
    return start(dir, name, List.of("--config", configFile.toString()), env);
  }

  /** Starts the jar with {@code args} in the project directory; waits for the ready line. */
  public static GatewayProcess start(Path dir, String name, List<String> args, Map<String, String> env)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile(dir, name + "-", ".log");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-XX:+UseSerialGC", "-jar", jar().toAbsolutePath().toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      String output = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
      Matcher ready = READY.matcher(output);
      if (ready.find()) {
        return new GatewayProcess(process, log, Integer.parseInt(ready.group(1)));
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("gateway exited with " + process.exitValue() + ":\n" + output);
      }
      process.waitFor(50, TimeUnit.MILLISECONDS);
    }
    process.destroyForcibly();
    throw new IllegalStateException("gateway did not get ready in 60 s:\n" + Files.readString(log));
  }

  /** What a command that exits by itself printed (stdout and stderr together) and its exit status. */
  public record Finished(int exit, String output) {}

  /** Runs the jar with {@code args} in the project directory until it exits (at most 60 s). */
  public static Finished run(Path dir, List<String> args, Map<String, String> env)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile(dir, "run-", ".log");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar().toAbsolutePath().toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("java -jar " + args + " did not exit in 60 s:\n" + Files.readString(log));
    }
    return new Finished(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  public int port() {
    return port;
  }

  public Process process() {
    return process;
  }

  public String output() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  /** SIGKILL: no shutdown code runs. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, then the exit code (graceful stop). */
  public int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("gateway did not stop within 60 s of SIGTERM");
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
