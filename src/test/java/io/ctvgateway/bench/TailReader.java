package io.ctvgateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A console live-tail reader for the bench: {@code curl -N} reading the admin port's event stream into a file, a
 * process of its own as a browser tab would be (light, and outside the bench's JVM), its bytes counted at the end.
 */
final class TailReader implements AutoCloseable {
  private final Process process;
  private final Path out;

  private TailReader(Process process, Path out) {
    this.process = process;
    this.out = out;
  }

  /** No reader at all. */
  static TailReader none() {
    return new TailReader(null, null);
  }

  static TailReader open(int adminPort) throws IOException, InterruptedException {
    Path out = Files.createTempFile("ctvgw-tail-", ".sse");
    Process process = new ProcessBuilder("curl", "-sN", "http://127.0.0.1:" + adminPort + "/console/api/tail")
        .redirectOutput(out.toFile()).redirectErrorStream(true).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (Files.size(out) == 0) { // the stream's first comment: connected and watching
      if (System.nanoTime() > deadline || !process.isAlive()) {
        process.destroyForcibly();
        throw new IOException("the tail did not answer: " + Files.readString(out));
      }
      Thread.sleep(20);
    }
    return new TailReader(process, out);
  }

  long bytes() throws IOException {
    return out == null ? 0 : Files.size(out);
  }

  @Override
  public void close() throws IOException {
    if (process != null) {
      process.destroy();
      Files.deleteIfExists(out);
    }
  }
}
