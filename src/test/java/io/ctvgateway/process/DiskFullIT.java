package io.ctvgateway.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ctvgateway.testing.Conditions;
import io.ctvgateway.testing.FakeKochava;
import io.ctvgateway.testing.FakeKochava.Answer;
import io.ctvgateway.testing.GatewayProcess;
import io.ctvgateway.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full data volume, for real: the test mounts a 16 MiB tmpfs (it needs root, as CI has; elsewhere it is
 * skipped) and streams installs at the real jar while Kochava is down. Ingest answers 503 {@code disk_low}
 * before the volume is full; once Kochava answers, every 202 is delivered, settled segments are deleted and
 * the gateway is ready again without anyone adding space; a restart finds nothing to re-deliver, and every
 * install sent again is still a duplicate.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class DiskFullIT {
  private static final long VOLUME = 16L << 20;
  private static final long FLOOR = 4L << 20;

  private Vertx vertx;
  private FakeKochava kochava;
  private final AtomicBoolean kochavaUp = new AtomicBoolean();
  private Path volume;

  @BeforeEach
  void start(@TempDir Path dir) throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
    volume = dir.resolve("volume");
    Files.createDirectories(volume);
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + VOLUME, "tmpfs", volume.toString())
        .redirectErrorStream(true).start();
    assertTrue(mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0,
        "mount failed: " + new String(mount.getInputStream().readAllBytes()));
    vertx = Vertx.vertx();
    kochava = FakeKochava.start(vertx).otherwise(request -> kochavaUp.get()
        ? Answer.ok() : Answer.status(503, "{\"error\":\"maintenance\"}"));
  }

  @AfterEach
  void stop() throws Exception {
    if (vertx != null) {
      vertx.close().await();
    }
    if (volume != null) {
      new ProcessBuilder("umount", "-l", volume.toString()).start().waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private int ready(WebClient client, int adminPort) throws Exception {
    return client.get(adminPort, "127.0.0.1", "/health/ready").send().await(10, TimeUnit.SECONDS).statusCode();
  }

  @Test
  void aFullVolumeRefusesBeforeItFillsDrainsAndServesAgainWithoutLosingDedupe(@TempDir Path dir) throws Exception {
    Path data = volume.resolve("data");
    int adminPort = freePort();
    JsonObject config = TestGateway.config(data, kochava.url());
    config.getJsonObject("admin").put("port", adminPort);
    config.getJsonObject("journal")
        .put("min_free_disk_bytes", FLOOR)
        .put("segment_bytes", 1L << 20)
        .put("checkpoint_interval_ms", 100);
    config.getJsonObject("delivery").put("max_attempts", 1_000_000);
    WebClient client = WebClient.create(vertx);

    InstallStream stream;
    try (GatewayProcess gateway = GatewayProcess.start(dir, "disk-full-run1", config, Map.of())) {
      stream = InstallStream.start(vertx, gateway.port(), "koctv-disk", 40_000, 32, 1);
      stream.done().await(180, TimeUnit.SECONDS);
      stream.close();
      long usable = Files.getFileStore(volume).getUsableSpace();
      assertTrue(usable >= FLOOR / 2, "the journal kept its floor free: " + usable + " bytes left");
      List<InstallStream.Answer> refused = stream.others();
      assertTrue(refused.size() > 1_000, "the volume filled up: " + refused.size() + " refused");
      for (InstallStream.Answer answer : refused) {
        assertEquals(503, answer.status(), answer.toString());
        assertTrue(answer.body().contains("\"disk_low\""), answer.toString());
      }
      assertEquals(Set.of(), stream.unanswered());
      assertEquals(503, ready(client, adminPort), "not ready while the disk is low");

      kochavaUp.set(true);
      Arrivals arrivals = new Arrivals(kochava);
      Set<String> accepted = stream.accepted().keySet();
      Conditions.await(vertx, "every 202 at Kochava", () -> arrivals.containAll(accepted));
      // Nobody added space: delivering settled the records, and deleting their segments freed the volume.
      try {
        java.util.concurrent.atomic.AtomicInteger readiness = new java.util.concurrent.atomic.AtomicInteger();
        Conditions.await(vertx, "ready again", () -> {
          // Checked on an event loop: ask without waiting, look at the last answer.
          client.get(adminPort, "127.0.0.1", "/health/ready").send()
              .onSuccess(answer -> readiness.set(answer.statusCode()));
          return readiness.get() == 200;
        });
      } catch (AssertionError e) {
        String health = client.get(adminPort, "127.0.0.1", "/health/ready").send().await(10, TimeUnit.SECONDS)
            .bodyAsString();
        String output = gateway.output();
        throw new AssertionError(e.getMessage() + ": " + health + " free=" + Files.getFileStore(volume).getUsableSpace()
            + "\n" + output.substring(Math.max(0, output.length() - 6_000)), e);
      }
      HttpResponse<Buffer> fresh = client.post(gateway.port(), "127.0.0.1", "/v1/roku/install")
          .sendJsonObject(InstallStream.install("koctv-disk", java.util.UUID.randomUUID().toString()))
          .await(10, TimeUnit.SECONDS);
      assertEquals(202, fresh.statusCode(), fresh.bodyAsString());
      Conditions.await(vertx, "that one delivered too", () -> kochava.accepted().size() >= accepted.size() + 1);
      assertEquals(0, gateway.terminate(), gateway.output());
    }

    int deliveredBefore = kochava.accepted().size();
    try (GatewayProcess again = GatewayProcess.start(dir, "disk-full-run2", config, Map.of())) {
      Matcher recovered = Pattern.compile("event=journal_recovered dir=" + Pattern.quote(data.resolve("journal").toString())
          + " records=\\d+ unsettled=(\\d+)").matcher(again.output());
      assertTrue(recovered.find(), again.output());
      assertEquals("0", recovered.group(1), "a restart finds nothing to deliver again");
      List<String> sample = new ArrayList<>(stream.accepted().keySet()).subList(0, 1_000);
      for (String rida : sample) {
        HttpResponse<Buffer> answer = client.post(again.port(), "127.0.0.1", "/v1/roku/install")
            .sendJsonObject(InstallStream.install("koctv-disk", rida)).await(10, TimeUnit.SECONDS);
        assertEquals(200, answer.statusCode(), "still a duplicate: " + answer.bodyAsString());
      }
      assertEquals(0, again.terminate());
    }
    assertEquals(deliveredBefore, kochava.accepted().size(), "nothing delivered twice after the restart");
  }
}
