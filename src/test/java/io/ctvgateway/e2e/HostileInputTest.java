package io.ctvgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.json.StrictJson;
import io.ctvgateway.testing.FakeKochava;
import io.ctvgateway.testing.SharedGatewayTestBase;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 12,000 generated requests from every family of bad input a hostile test found, plus random mutations of valid
 * bodies, against a real gateway and a fake Kochava. The rules: no 5xx; every error carries the JSON error body;
 * nothing is stored or forwarded for a refused request; what is forwarded carries the client's {@code data}
 * exactly as sent; and the gateway still takes a valid install afterwards. The generator is seeded: a failure
 * names the seed and the request.
 */
@Timeout(300)
class HostileInputTest extends SharedGatewayTestBase {
  private static final long SEED = 20261201L;
  private static final int PER_FAMILY = 1_000;
  private static final String APP = "koctv-hostile";

  private final Random random = new Random(SEED);

  /** One generated request. */
  record Request(String family, String path, String contentType, byte[] body) {
    String describe() {
      return family + " " + path + " [" + contentType + "] "
          + new String(body, 0, Math.min(body.length, 300), StandardCharsets.ISO_8859_1);
    }
  }

  private String rida() {
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }

  /** A valid install with random {@code data}: strings with any Unicode, numbers in every JSON form. */
  private String validInstall(String rida) {
    StringBuilder data = new StringBuilder("{");
    int keys = random.nextInt(4);
    for (int i = 0; i < keys; i++) {
      if (i > 0) {
        data.append(',');
      }
      data.append("\"k").append(i).append("\":").append(randomValue(2));
    }
    data.append('}');
    return "{\"app_id\":\"" + APP + "\",\"ids\":{\"rida\":\"" + rida + "\"},\"os_version\":\"12.0.0.4186\","
        + "\"model\":\"3920X\",\"data\":" + data + "}";
  }

  private String randomValue(int depth) {
    switch (random.nextInt(depth > 0 ? 7 : 5)) {
      case 0 -> {
        return List.of("1e9", "0.10", "-0", "1E+2", "-7.5e-3", "12345678901234567890123", "42", "3.14159").get(
            random.nextInt(8));
      }
      case 1 -> {
        StringBuilder text = new StringBuilder("\"");
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
          text.append(List.of("a", "é", "☃", "𝄞", "\\n", "\\u00e9", "\\/", "\\\"", " ", "\\ud83d\\ude00").get(
              random.nextInt(10)));
        }
        return text.append('"').toString();
      }
      case 2 -> {
        return random.nextBoolean() ? "true" : "false";
      }
      case 3 -> {
        return "null";
      }
      case 4 -> {
        return Integer.toString(random.nextInt());
      }
      case 5 -> {
        return "[" + randomValue(depth - 1) + "," + randomValue(depth - 1) + "]";
      }
      default -> {
        return "{\"n\":" + randomValue(depth - 1) + "}";
      }
    }
  }

  private Request install(String family, String body) {
    return new Request(family, "/v1/roku/install", "application/json", body.getBytes(StandardCharsets.UTF_8));
  }

  private byte[] mutate(byte[] valid) {
    byte[] out = valid.clone();
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits; e++) {
      int at = random.nextInt(out.length);
      switch (random.nextInt(4)) {
        case 0 -> out[at] = (byte) random.nextInt(256);
        case 1 -> out = java.util.Arrays.copyOf(out, at); // truncate
        case 2 -> {
          byte[] longer = new byte[out.length + 1];
          System.arraycopy(out, 0, longer, 0, at);
          String inserts = "{}[]\",:\\ e-\t";
          longer[at] = (byte) inserts.charAt(random.nextInt(inserts.length()));
          System.arraycopy(out, at, longer, at + 1, out.length - at);
          out = longer;
        }
        default -> {
          if (out.length > 1) {
            byte[] shorter = new byte[out.length - 1];
            System.arraycopy(out, 0, shorter, 0, at);
            System.arraycopy(out, at + 1, shorter, at, out.length - at - 1);
            out = shorter;
          }
        }
      }
      if (out.length == 0) {
        break;
      }
    }
    return out;
  }

  private List<Request> generate() {
    Map<String, Supplier<Request>> families = new TreeMap<>();
    families.put("valid", () -> install("valid", validInstall(rida())));
    families.put("mutated", () -> new Request("mutated", "/v1/roku/install", "application/json",
        mutate(validInstall(rida()).getBytes(StandardCharsets.UTF_8))));
    families.put("invalid_utf8", () -> {
      byte[] valid = validInstall(rida()).getBytes(StandardCharsets.UTF_8);
      int[][] bad = {{0xC0, 0xAF}, {0xED, 0xA0, 0x80}, {0xF4, 0x90, 0x80, 0x80}, {0xFF}, {0x80}, {0xE2, 0x82}, {0xF8, 0x88, 0x80, 0x80, 0x80}};
      int[] seq = bad[random.nextInt(bad.length)];
      int at = valid.length - 3;
      byte[] out = new byte[valid.length + seq.length];
      System.arraycopy(valid, 0, out, 0, at);
      for (int i = 0; i < seq.length; i++) {
        out[at + i] = (byte) seq[i];
      }
      System.arraycopy(valid, at, out, at + seq.length, valid.length - at);
      return new Request("invalid_utf8", "/v1/roku/install", "application/json", out);
    });
    families.put("lone_surrogate", () -> install("lone_surrogate", validInstall(rida()).replace("\"data\":{",
        "\"data\":{\"" + (random.nextBoolean() ? "s" : "\\udc01") + "\":\"x" + (random.nextBoolean() ? "\\ud800" : "\\udfff")
            + "y\",")));
    families.put("duplicate_key", () -> {
      String body = validInstall(rida());
      String field = List.of("\"app_id\":\"bad id!!\",", "\"model\":\"X\",", "\"os_version\":\"1\",").get(random.nextInt(3));
      return install("duplicate_key", body.replaceFirst("\\{", "{" + field));
    });
    families.put("non_finite", () -> install("non_finite", validInstall(rida()).replace("\"data\":{",
        "\"data\":{\"n\":" + List.of("1e400", "-1e999", "1E+309", "NaN", "Infinity", "-Infinity").get(random.nextInt(6))
            + ",")));
    families.put("deep", () -> {
      int depth = 33 + random.nextInt(2_000);
      return install("deep", validInstall(rida()).replace("\"data\":{}", "\"data\":" + "[".repeat(depth) + "]".repeat(depth))
          .replace("\"data\":{", "\"data\":{\"d\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + ","));
    });
    families.put("wrong_type", () -> {
      String field = List.of("app_id", "ids", "os_version", "model", "lat", "usertime", "data", "device_ua").get(random.nextInt(8));
      String value = List.of("1", "true", "[]", "{}", "\"x\"", "-1.5", "\"\"", "1e3").get(random.nextInt(8));
      JsonObject body = new JsonObject(validInstall(rida()));
      body.remove(field);
      // Some of these are the right type for some fields (a string model): those may well be accepted.
      return install("wrong_type", "{\"" + field + "\":" + value + "," + body.encode().substring(1));
    });
    families.put("unknown_field", () -> install("unknown_field",
        validInstall(rida()).replaceFirst("\\{", "{\"" + List.of("app_vesion", "rida", "ID", "__proto__", "").get(random.nextInt(5)) + "\":1,")));
    families.put("content_type", () -> new Request("content_type", "/v1/roku/install",
        List.of("text/plain", "application/json; charset=latin-1", "application/json;charset=utf-16",
            "application/x-www-form-urlencoded", "", "application/json; charset=\"x-unknown\"").get(random.nextInt(6)),
        validInstall(rida()).getBytes(StandardCharsets.UTF_8)));
    families.put("empty", () -> new Request("empty", "/v1/roku/" + List.of("install", "event", "events").get(random.nextInt(3)),
        "application/json", random.nextBoolean() ? new byte[0] : " \r\n\t".getBytes(StandardCharsets.US_ASCII)));
    families.put("platform_and_ids", () -> {
      String path = List.of("/v1/tizen-9/install", "/v1/ROKU/install", "/v1/../admin", "/v1/roku/instal",
          "/v1/%00/install", "/v1/roku/install/x").get(random.nextInt(6));
      String ids = List.of("{\"rida\":\"00000000-0000-0000-0000-000000000000\"}", "{\"rida\":\"not-a-uuid\"}", "{}",
          "{\"rida\":\"" + rida() + "\",\"rida2\":\"x\"}").get(random.nextInt(4));
      return new Request("platform_and_ids", random.nextBoolean() ? path : "/v1/roku/install", "application/json",
          ("{\"app_id\":\"" + APP + "\",\"ids\":" + ids + ",\"os_version\":\"12.0\"}").getBytes(StandardCharsets.UTF_8));
    });
    List<Request> requests = new ArrayList<>();
    for (int i = 0; i < PER_FAMILY; i++) {
      for (Supplier<Request> family : families.values()) {
        requests.add(family.get());
      }
    }
    return requests;
  }

  @Test
  void twelveThousandHostileRequestsNoServerErrorNothingRefusedStoredOrForwardedNothingAltered() throws Exception {
    List<Request> requests = generate();
    assertTrue(requests.size() >= 10_000);
    WebClient client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true),
        new io.vertx.core.http.PoolOptions().setHttp1MaxSize(16));
    long storedBefore = gateway.gateway().journal().stats().appendedRecords();
    Map<String, Request> acceptedByRida = new HashMap<>();
    Map<String, Integer> byStatus = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    for (int from = 0; from < requests.size(); from += 64) {
      List<Request> slice = requests.subList(from, Math.min(requests.size(), from + 64));
      List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
      for (Request request : slice) {
        var http = client.request(HttpMethod.POST, gateway.port(), "127.0.0.1", request.path());
        if (!request.contentType().isEmpty()) {
          http.putHeader("Content-Type", request.contentType());
        }
        answers.add(http.sendBuffer(Buffer.buffer(request.body())));
      }
      Future.join(answers).await(60, TimeUnit.SECONDS);
      for (int i = 0; i < slice.size(); i++) {
        Request request = slice.get(i);
        if (answers.get(i).failed()) {
          failures.add("no answer (" + answers.get(i).cause() + "): " + request.describe());
          continue;
        }
        HttpResponse<Buffer> answer = answers.get(i).result();
        byStatus.merge(request.family() + " " + answer.statusCode(), 1, Integer::sum);
        String check = check(request, answer);
        if (check != null) {
          failures.add(check + ": " + request.describe() + " -> " + answer.statusCode() + " " + answer.bodyAsString());
        } else if (answer.statusCode() == 202) {
          JsonObject json = (JsonObject) StrictJson.parse(request.body()).value();
          acceptedByRida.put(json.getJsonObject("ids").getString("rida").toLowerCase(java.util.Locale.ROOT), request);
        }
      }
      if (failures.size() > 20) {
        break;
      }
    }
    System.out.println("HostileInputTest seed=" + SEED + " requests=" + requests.size() + " answers=" + byStatus);
    assertEquals(List.of(), failures, "seed " + SEED);

    // Nothing refused was stored: the journal took exactly the 202s.
    assertEquals(acceptedByRida.size(), gateway.gateway().journal().stats().appendedRecords() - storedBefore);
    // Nothing refused was forwarded, and what was forwarded carries the client's data as sent.
    gateway.await("every 202 delivered", () -> kochava.accepted().size() >= acceptedByRida.size());
    assertEquals(acceptedByRida.size(), kochava.accepted().size());
    for (FakeKochava.Received received : kochava.accepted()) {
      JsonObject sent = (JsonObject) StrictJson.parse(received.body().getBytes(StandardCharsets.UTF_8)).value();
      JsonObject data = sent.getJsonObject("data");
      Request request = acceptedByRida.get(data.getJsonObject("device_ids").getString("rida"));
      assertTrue(request != null, "forwarded but never answered 202: " + received.body());
      JsonObject original = (JsonObject) StrictJson.parse(request.body()).value();
      JsonObject clientData = original.getJsonObject("data", new JsonObject());
      for (String key : clientData.fieldNames()) {
        assertEquals(clientData.getValue(key), data.getValue(key), "data." + key + " of " + request.describe());
      }
    }
    assertEquals(202, gateway.install("roku", new JsonObject(validInstall(rida()))).statusCode(),
        "still takes a valid install");
    client.close();
  }

  /** Null when the answer keeps the rules, else which rule it broke. */
  private static String check(Request request, HttpResponse<Buffer> answer) {
    int status = answer.statusCode();
    if (status >= 500) {
      return "a server error";
    }
    if (status >= 400) {
      try {
        JsonObject error = answer.bodyAsJsonObject().getJsonObject("error");
        if (error == null || error.getString("code") == null || error.getString("message") == null
            || !error.containsKey("field")) {
          return "an error without the JSON error body";
        }
      } catch (RuntimeException e) {
        return "an error whose body is not JSON";
      }
      return null;
    }
    if (status == 202 || status == 200) {
      return request.path().equals("/v1/roku/install") ? null : "accepted on " + request.path();
    }
    return "an unexpected status";
  }
}
