package io.ctvgateway.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A process of the suite (gateway, fake Kochava, baseline, nginx, wrk), its output in a log file. */
final class Child implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;
  private final long startedNanos;

  private Child(String name, Process process, Path log, long startedNanos) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.startedNanos = startedNanos;
  }

  static Child start(Path runDir, String name, List<String> command, Map<String, String> env) throws IOException {
    Path log = runDir.resolve(name + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    long started = System.nanoTime();
    return new Child(name, builder.start(), log, started);
  }

  /** Waits for a line matching {@code pattern}; answers its match. Polls the log every 5 ms. */
  Matcher await(Pattern pattern, long timeoutSeconds) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (System.nanoTime() < deadline) {
      Matcher matcher = pattern.matcher(output());
      if (matcher.find()) {
        return matcher;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail());
      }
      process.waitFor(5, TimeUnit.MILLISECONDS);
    }
    throw new IllegalStateException(name + " printed no " + pattern + " in " + timeoutSeconds + " s:\n" + tail());
  }

  /** Nanoseconds from the start of the process to now. */
  long sinceStartNanos() {
    return System.nanoTime() - startedNanos;
  }

  /** Waits for the process to end by itself; answers its output. */
  String finish(long timeoutSeconds) throws IOException, InterruptedException {
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(name + " did not finish in " + timeoutSeconds + " s:\n" + tail());
    }
    return output();
  }

  String output() throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
  }

  private String tail() throws IOException {
    String out = output();
    return out.length() > 4000 ? out.substring(out.length() - 4000) : out;
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(20, TimeUnit.SECONDS);
  }

  /** SIGTERM, then SIGKILL after 20 s. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
