package io.ctvgateway.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** A console live-tail reader for the bench: reads the admin port's event stream on a thread and counts bytes. */
final class TailReader implements AutoCloseable {
  private final InputStream stream;
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread thread;

  private TailReader(InputStream stream) {
    this.stream = stream;
    this.thread = new Thread(this::read, "bench-tail-reader");
    thread.setDaemon(true);
    thread.start();
  }

  /** No reader at all. */
  static TailReader none() {
    return new TailReader(InputStream.nullInputStream());
  }

  static TailReader open(int adminPort) throws IOException, InterruptedException {
    HttpResponse<InputStream> answer = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/console/api/tail")).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    if (answer.statusCode() != 200) {
      throw new IOException("tail answered " + answer.statusCode());
    }
    return new TailReader(answer.body());
  }

  private void read() {
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = stream.read(buffer)) >= 0 && !closed.get(); ) {
        bytes.addAndGet(n);
      }
    } catch (IOException e) {
      // closed
    }
  }

  long bytes() {
    return bytes.get();
  }

  @Override
  public void close() throws IOException {
    closed.set(true);
    stream.close();
  }
}
