package io.ctvgateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Scenario 2's baseline: nginx (Debian's) as a plain reverse proxy in front of the fake Kochava, with a
 * keep-alive upstream pool, one worker per core, no access log. Runs in the foreground with its own prefix
 * directory under the run directory, so it touches nothing of the system's nginx.
 */
final class Nginx {
  private Nginx() {}

  /** Null when nginx can run here, else why not. */
  static String unavailable() {
    for (String dir : List.of("/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin")) {
      if (Files.isExecutable(Path.of(dir, "nginx"))) {
        return null;
      }
    }
    return "no nginx binary (src/bench/run.sh installs Debian's nginx when run as root)";
  }

  static int port(Path runDir) throws IOException {
    return Integer.parseInt(Files.readString(runDir.resolve("nginx/port")).trim());
  }

  static Child start(Path runDir, int port, int upstreamPort) throws IOException {
    Path prefix = Files.createDirectories(runDir.resolve("nginx"));
    Files.writeString(prefix.resolve("port"), Integer.toString(port));
    String conf = String.join("\n",
        "worker_processes auto;",
        "daemon off;",
        "error_log " + prefix.resolve("error.log") + " warn;",
        "pid " + prefix.resolve("nginx.pid") + ";",
        "events { worker_connections 4096; }",
        "http {",
        "  access_log off;",
        "  client_body_temp_path " + prefix.resolve("client_body") + ";",
        "  proxy_temp_path " + prefix.resolve("proxy") + ";",
        "  fastcgi_temp_path " + prefix.resolve("fastcgi") + ";",
        "  uwsgi_temp_path " + prefix.resolve("uwsgi") + ";",
        "  scgi_temp_path " + prefix.resolve("scgi") + ";",
        "  upstream kochava { server 127.0.0.1:" + upstreamPort + "; keepalive 64; }",
        "  server {",
        "    listen 127.0.0.1:" + port + ";",
        "    keepalive_requests 1000000;",
        "    location / {",
        "      proxy_pass http://kochava;",
        "      proxy_http_version 1.1;",
        "      proxy_set_header Connection \"\";",
        "    }",
        "  }",
        "}",
        "");
    Path file = prefix.resolve("nginx.conf");
    Files.writeString(file, conf);
    String binary = Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
    return Child.start(runDir, "nginx", List.of(binary, "-p", prefix.toString(), "-c", file.toString()), Map.of());
  }
}
