package io.ctvgateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's entry point, run by a real {@code sh} with a stand-in {@code java} that prints its arguments: the
 * arguments after the image name reach the jar (so {@code docker run IMAGE profiles check} checks rather than
 * starting a server), and {@code JAVA_OPTS} is split into JVM flags. No Docker daemon here, so the shell line is
 * what is tested.
 */
class DockerfileTest {
  private static final Path DOCKERFILE = Path.of("Dockerfile");

  private static JsonArray instruction(String name) throws Exception {
    String text = Files.readString(DOCKERFILE).replace("\\\n", " ");
    for (String line : text.split("\n")) {
      if (line.startsWith(name + " ")) {
        String rest = line.substring(name.length()).trim();
        return new JsonArray(rest.substring(rest.indexOf('[')));
      }
    }
    throw new AssertionError("no " + name + " in the Dockerfile");
  }

  private static String runEntrypoint(Path dir, List<String> args) throws Exception {
    Path java = dir.resolve("java");
    Files.writeString(java, "#!/bin/sh\necho \"java $*\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<String> command = new ArrayList<>();
    instruction("ENTRYPOINT").forEach(part -> command.add((String) part));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PATH", dir + ":" + System.getenv("PATH"));
    builder.environment().put("JAVA_OPTS", "-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError");
    Process process = builder.start();
    assertTrue(process.waitFor(10, TimeUnit.SECONDS));
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
  }

  @Test
  void argumentsAfterTheImageNameReachTheJar(@TempDir Path dir) throws Exception {
    assertEquals("java -XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError -jar ctv-gateway.jar profiles check",
        runEntrypoint(dir, List.of("profiles", "check")));
    assertEquals("java -XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError -jar ctv-gateway.jar --config a b.json",
        runEntrypoint(dir, List.of("--config", "a b.json")));
    // Without arguments: the gateway on conf/gateway.json (the jar's default).
    assertEquals("java -XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError -jar ctv-gateway.jar",
        runEntrypoint(dir, List.of()));
  }

  @Test
  void theHealthCheckIsTheJarsOwnHealthCommand() throws Exception {
    JsonArray check = instruction("HEALTHCHECK");
    List<String> tail = check.getList().subList(check.size() - 3, check.size());
    assertEquals(List.of("-jar", "ctv-gateway.jar", "health"), tail);
    assertEquals("health", Main.parse(List.of("health"), java.util.Map.of()).name());
  }

  @Test
  void theBuildContextCarriesOnlyWhatTheBuildCopies() throws Exception {
    List<String> rules = Files.readAllLines(Path.of(".dockerignore")).stream()
        .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
    assertEquals(List.of("*", "!pom.xml", "!src", "!device-profiles", "!conf"), rules);
    String dockerfile = Files.readString(DOCKERFILE);
    for (String line : dockerfile.split("\n")) {
      if (line.startsWith("COPY ") && !line.contains("--from=")) {
        String source = line.split(" ")[1];
        assertTrue(rules.contains("!" + source), "COPY " + source + " is excluded by .dockerignore");
      }
    }
  }
}
