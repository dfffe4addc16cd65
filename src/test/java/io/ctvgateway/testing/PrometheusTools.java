package io.ctvgateway.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's {@code prometheus} package's two binaries, run as processes: {@code promtool} and {@code prometheus}. */
public final class PrometheusTools {
  private PrometheusTools() {}

  /** What a tool printed (stdout and stderr) and its exit status. */
  public record Run(int exit, String output) {}

  public static String binary(String name) {
    for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(entry, name);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new AssertionError(name + " is not on PATH: the metrics tests need Prometheus's tools (Debian: apt-get"
        + " install prometheus, which brings prometheus and promtool). .ci/run installs it.");
  }

  /** {@code promtool args...}, with {@code stdin} fed to it when not null. */
  public static Run promtool(String stdin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(binary("promtool"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (stdin != null) {
      process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("promtool " + String.join(" ", args) + " did not finish in 60 s");
    }
    return new Run(process.exitValue(), output);
  }
}
