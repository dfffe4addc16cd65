package io.ctvgateway.bench;

import io.vertx.core.buffer.Buffer;
import java.util.SplittableRandom;

/**
 * The suite's traffic in Java, the same bodies as {@code src/bench/installs.lua}: odd devices are Roku (channel
 * client id and RIDA), even ones LG webOS (LGUDID), about 400 bytes each, and a share of requests repeat a
 * device sent before (a duplicate install). Not thread-safe: one per sending thread.
 */
final class Installs {
  /** One request: its path and body. */
  record Request(String path, Buffer body) {}

  private static final String ROKU = "{\"app_id\":\"kobench-roku-ctv\",\"app_version\":\"3.3.0\","
      + "\"ids\":{\"channel_client_id\":\"%08x%08x%016x\",\"rida\":\"%08x-%04x-4000-8000-%012x\"},"
      + "\"lat\":false,\"os_version\":\"12.0.0.4186\",\"model\":\"3920X\",\"usertime\":1764324000,"
      + "\"data\":{\"campaign\":\"spring_launch_2026\",\"placement\":\"home_row_3\",\"build\":\"2026.11.28-r1842\","
      + "\"sku\":\"roku-ch-71842\",\"session\":\"%08x-%04x-4000-9000-%012x\"}}";
  private static final String LG = "{\"app_id\":\"kobench-lg-ctv\",\"app_version\":\"1.0.2\","
      + "\"ids\":{\"lgudid\":\"%08x-%04x-4000-a000-%012x\"},\"os_version\":\"7.0.0\",\"model\":\"OLED55C1\","
      + "\"usertime\":1764324000,\"data\":{\"campaign\":\"spring_launch_2026\",\"placement\":\"home_row_3\","
      + "\"build\":\"2026.11.28-r1842\",\"channel\":\"lg-content-store\",\"region\":\"us-east\",\"lang\":\"en-US\","
      + "\"tier\":\"free\",\"sku\":\"lg-app-55021\",\"session\":\"%08x-%04x-4000-b000-%012x\"}}";

  private final long runId;
  private final int stream;
  private final double duplicateShare;
  private final SplittableRandom random;
  private long counter;

  /** {@code stream} keeps devices apart from wrk's threads (1, 2, ...): use 100 and up. */
  Installs(long runId, int stream, double duplicateShare) {
    this.runId = runId;
    this.stream = stream;
    this.duplicateShare = duplicateShare;
    this.random = new SplittableRandom(runId * 131 + stream);
  }

  Request next() {
    long n;
    if (counter > 0 && random.nextDouble() < duplicateShare) {
      n = 1 + random.nextLong(counter);
    } else {
      n = ++counter;
    }
    if (n % 2 == 1) {
      return new Request("/v1/roku/install",
          Buffer.buffer(String.format(ROKU, runId, stream, n, runId, stream, n, runId, stream, n)));
    }
    return new Request("/v1/lg-webos/install", Buffer.buffer(String.format(LG, runId, stream, n, runId, stream, n)));
  }
}
