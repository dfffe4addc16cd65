package io.ctvgateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.config.ConfigLoader;
import io.ctvgateway.config.GatewayConfig;
import io.ctvgateway.dedupe.KeyHash;
import io.ctvgateway.ingest.Preview;
import io.ctvgateway.install.AppAccess;
import io.ctvgateway.install.Submission;
import io.ctvgateway.profile.ProfileRegistry;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's "Send an install" example is what the gateway does: the Roku curl, sent from the address the
 * README names, gives byte for byte the Kochava request the README shows (through the shipped config and
 * profiles, by the code the preview shares with ingest).
 */
class ReadmeTest {
  private static final Pattern CURL = Pattern.compile(
      "curl -i http://localhost:8080/v1/roku/install \\\\\\n(?<args>[\\s\\S]*?)\\n```");
  private static final Pattern HEADER = Pattern.compile("-H '([^:]+): ([^']*)'");
  private static final Pattern BODY = Pattern.compile("-d '([^']*)'");
  private static final Pattern UPSTREAM = Pattern.compile(
      "Kochava then receives \\(for the Roku ping above, from (?<ip>[0-9.]+)\\):\\n\\n```\\n(?<request>(?:[^`].*\\n)+)```");

  @Test
  void theRokuExampleGivesTheKochavaRequestTheReadmeShows() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    Matcher curl = CURL.matcher(readme);
    assertTrue(curl.find(), "the Roku curl example");
    String args = curl.group("args");
    Map<String, String> headers = new java.util.HashMap<>();
    Matcher header = HEADER.matcher(args);
    while (header.find()) {
      headers.put(header.group(1), header.group(2));
    }
    Matcher body = BODY.matcher(args);
    assertTrue(body.find(), args);
    Matcher upstream = UPSTREAM.matcher(readme);
    assertTrue(upstream.find(), "the Kochava request block");
    String[] shown = upstream.group("request").split("\n");

    GatewayConfig config = ConfigLoader.load(Path.of("conf", "gateway.json"), Map.of(), new Properties());
    Submission.Rules rules = new Submission.Rules(config.kochava(), KeyHash.unkeyed(),
        Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC));
    Preview.Answer answer = Preview.of(ProfileRegistry.load(config.profilesDir()),
        new AppAccess(config.kochava(), config.access()), "roku", false, headers.get("Content-Type"),
        Buffer.buffer(body.group(1)), headers.get("User-Agent"), upstream.group("ip"), rules);

    assertEquals(200, answer.status(), answer.encode());
    assertEquals("POST " + Path.of(java.net.URI.create(config.upstream().url()).getPath()), shown[0]);
    assertEquals("User-Agent: " + answer.body().getString("upstream_user_agent"), shown[1]);
    assertEquals("Content-Type: application/json", shown[2]);
    assertEquals("", shown[3]);
    assertEquals(answer.upstreamBody(), shown[4], "the body, byte for byte");
    assertEquals(5, shown.length);
  }
}
