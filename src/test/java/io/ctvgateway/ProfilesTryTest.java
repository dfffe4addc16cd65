package io.ctvgateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.testing.FakeKochava;
import io.ctvgateway.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code profiles try} answers what the running gateway's preview answers, byte for byte, for every example of
 * every shipped profile (successes and errors alike), with the same config and no gateway running.
 */
class ProfilesTryTest {

  private record Run(int status, String out, String err) {}

  private static Run run(List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = ProfilesTry.run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(status, out.toString(StandardCharsets.UTF_8).trim(), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void everyShippedExampleGetsThePreviewsAnswer(@TempDir Path dir) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      FakeKochava kochava = FakeKochava.start(vertx);
      JsonObject config = TestGateway.config(dir.resolve("data"), kochava.url());
      Path configFile = dir.resolve("gateway.json");
      Files.writeString(configFile, config.encodePrettily());
      int compared = 0;
      int errors = 0;
      try (TestGateway gateway = TestGateway.start(vertx, config)) {
        WebClient client = WebClient.create(vertx);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of("device-profiles"), "*.json")) {
          for (Path file : files) {
            JsonObject profile = new JsonObject(Files.readString(file));
            for (Object item : profile.getJsonArray("examples")) {
              JsonObject request = ((JsonObject) item).getJsonObject("request").copy();
              String ua = (String) request.remove("user_agent");
              JsonObject body = request.put("app_id", "koexample-app-id").put("usertime", 1_764_324_000L);
              Path requestFile = dir.resolve("request.json");
              Files.writeString(requestFile, body.encode());
              List<String> args = new ArrayList<>(List.of(profile.getString("id"), requestFile.toString(),
                  "--config", configFile.toString()));
              if (ua != null) {
                args.addAll(List.of("--ua", ua));
              }
              Run tried = run(args);

              var preview = client.post(gateway.gateway().adminPort(), "127.0.0.1",
                  "/preview/" + profile.getString("id") + "/install");
              if (ua != null) {
                preview.putHeader("X-Preview-User-Agent", ua);
              }
              HttpResponse<Buffer> answer = preview.sendBuffer(Buffer.buffer(body.encode())).await(10, TimeUnit.SECONDS);
              String label = file.getFileName() + " " + ((JsonObject) item).getString("name");
              assertEquals(answer.bodyAsString(), tried.out(), label);
              assertEquals(answer.statusCode() == 200 ? 0 : 1, tried.status(), label + ": " + tried.err());
              compared++;
              errors += answer.statusCode() == 200 ? 0 : 1;
            }
          }
        }
      }
      assertTrue(compared >= 50, "examples compared: " + compared);
      assertTrue(errors >= 5, "error examples compared: " + errors);
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void usageErrorsExit2(@TempDir Path dir) throws Exception {
    assertEquals(2, run(List.of()).status());
    assertEquals(2, run(List.of("roku")).status());
    assertEquals(2, run(List.of("roku", dir.resolve("missing.json").toString())).status());
    assertEquals(2, run(List.of("roku", "x.json", "--ua")).status());
    assertEquals(2, run(List.of("roku", "x.json", "--bogus")).status());
  }
}
