package io.ctvgateway;

import io.ctvgateway.config.GatewayConfig;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code java -jar ctv-gateway.jar health [--config PATH]}: asks the running gateway's admin port (from the same
 * config and environment) for {@code /health/ready} and exits 0 when it answers 200, 1 otherwise, printing the
 * answer. The Docker image's HEALTHCHECK runs it: the image needs no curl.
 */
final class HealthCommand {
  private HealthCommand() {}

  static int run(GatewayConfig config, PrintStream out, PrintStream err) {
    String host = config.admin().host();
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      host = "127.0.0.1"; // listening on every interface: ask it on loopback
    } else if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    URI uri = URI.create("http://" + host + ":" + config.admin().port() + "/health/ready");
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    try {
      HttpResponse<String> answer = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      out.println(answer.body());
      return answer.statusCode() == 200 ? 0 : 1;
    } catch (java.io.IOException e) {
      err.println("health: " + uri + ": " + e);
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }
}
