package io.ctvgateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.testing.FakeKochava;
import io.ctvgateway.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/openapi.json against real responses: every documented operation is called on a real gateway, and each
 * answer (status, headers, body) is checked by Vert.x's OpenAPI response validator; a deliberately wrong response
 * fails it. The statuses exercised are recorded: each documented 2xx is seen at least once.
 */
class OpenApiContractTest {
  private static final String TOKEN = "contract-test-token-0123456789";
  private Vertx vertx;
  private FakeKochava kochava;
  private TestGateway gateway;
  private ResponseValidator validator;
  private WebClient client;
  private final Set<String> seen = new HashSet<>();

  @BeforeEach
  void start(@TempDir Path data) throws Exception {
    vertx = Vertx.vertx();
    kochava = FakeKochava.start(vertx);
    kochava.otherwise(r -> r.body().contains("koapp-rejected") ? FakeKochava.Answer.status(400, "{}")
        : FakeKochava.Answer.ok());
    JsonObject config = TestGateway.config(data, kochava.url());
    config.getJsonObject("admin").put("token", TOKEN);
    gateway = TestGateway.start(vertx, config);
    // Vert.x's validator knows no text/event-stream: the tail's stream is described as text/plain for it (the
    // stream itself is the browser test's), everything else is the document as shipped.
    JsonObject document = new JsonObject(java.nio.file.Files.readString(Path.of("docs", "openapi.json")));
    JsonObject tailContent = document.getJsonObject("paths").getJsonObject("/console/api/tail").getJsonObject("get")
        .getJsonObject("responses").getJsonObject("200").getJsonObject("content");
    tailContent.put("text/plain", tailContent.remove("text/event-stream"));
    OpenAPIContract contract = OpenAPIContract.from(vertx, document).await(30, TimeUnit.SECONDS);
    validator = ResponseValidator.create(vertx, contract);
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    gateway.close();
    vertx.close().await();
  }

  private HttpResponse<Buffer> call(boolean admin, HttpMethod method, String path, JsonObject body, boolean token)
      throws Exception {
    var request = client.request(method, admin ? gateway.gateway().adminPort() : gateway.port(), "127.0.0.1", path);
    if (token) {
      request.putHeader("Authorization", "Bearer " + TOKEN);
    }
    if (body == null) {
      return request.send().await(10, TimeUnit.SECONDS);
    }
    return request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body.encode()))
        .await(10, TimeUnit.SECONDS);
  }

  /** Validates the answer against {@code operationId}; fails the test when the contract says otherwise. */
  private HttpResponse<Buffer> check(String operationId, int expectedStatus, HttpResponse<Buffer> answer) throws Exception {
    assertEquals(expectedStatus, answer.statusCode(), operationId + ": " + answer.bodyAsString());
    Map<String, String> headers = new HashMap<>();
    answer.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
    String type = answer.getHeader("Content-Type");
    validator.validate(ValidatableResponse.create(answer.statusCode(), headers, answer.body(),
            type == null ? null : type.split(";")[0].trim()), operationId)
        .await(10, TimeUnit.SECONDS);
    seen.add(operationId + " " + answer.statusCode());
    return answer;
  }

  private static JsonObject install(String app) {
    return new JsonObject().put("app_id", app).put("ids", new JsonObject().put("rida", UUID.randomUUID().toString()))
        .put("os_version", "12.0.0.4186").put("model", "3920X");
  }

  @Test
  void everyDocumentedOperationAnswersAsDocumented() throws Exception {
    JsonObject once = install("koapp-contract");
    check("install", 202, call(false, HttpMethod.POST, "/v1/roku/install", once, false));
    check("install", 200, call(false, HttpMethod.POST, "/v1/roku/install", once, false));
    check("install", 400, call(false, HttpMethod.POST, "/v1/roku/install",
        new JsonObject().put("app_id", "x").put("ids", new JsonObject().put("rida", "bad")), false));
    check("install", 404, call(false, HttpMethod.POST, "/v1/nowhere/install", once, false));
    check("install", 415, client.post(gateway.port(), "127.0.0.1", "/v1/roku/install").putHeader("Content-Type",
        "text/plain").sendBuffer(Buffer.buffer("{}")).await(10, TimeUnit.SECONDS));
    check("install", 413, client.post(gateway.port(), "127.0.0.1", "/v1/roku/install")
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"a\":\"" + "x".repeat(20_000) + "\"}"))
        .await(10, TimeUnit.SECONDS));
    JsonObject event = install("koapp-contract").put("event_name", "play").put("event_id", "e-1");
    check("event", 202, call(false, HttpMethod.POST, "/v1/roku/event", event, false));
    check("event", 200, call(false, HttpMethod.POST, "/v1/roku/event", event, false));
    check("event", 400, call(false, HttpMethod.POST, "/v1/roku/event", install("koapp-contract"), false));
    check("events", 200, call(false, HttpMethod.POST, "/v1/roku/events", install("koapp-contract").put("events",
        new JsonArray().add(new JsonObject().put("event_name", "a")).add(new JsonObject().put("currency", "nope")
            .put("event_name", "b"))), false));

    JsonObject device = install("koapp-contract");
    check("identity", 202, call(false, HttpMethod.POST, "/v1/roku/identity", device.copy().put("identities",
        new JsonObject().put("user_id", "u-1")), false));
    check("identity", 200, call(false, HttpMethod.POST, "/v1/roku/identity", device.copy().put("identities",
        new JsonObject().put("user_id", "u-1")), false));
    check("identity", 400, call(false, HttpMethod.POST, "/v1/roku/identity", device.copy(), false));
    JsonObject s2s = new JsonObject().put("action", "install").put("kochava_app_id", "koapp-contract")
        .put("data", new JsonObject().put("device_ids", new JsonObject().put("rida", UUID.randomUUID().toString())));
    check("kochavaS2s", 200, call(false, HttpMethod.POST, "/kochava/roku/track/json", s2s, false));
    check("kochavaS2s", 400, call(false, HttpMethod.POST, "/kochava/roku/track/json", s2s.copy().put("action", "x"),
        false));
    JsonObject webSdk = new JsonObject().put("action", "install").put("kochava_app_id", "koapp-contract")
        .put("kochava_device_id", "KB1T0").put("sdk_protocol", "17")
        .put("data", new JsonObject().put("device_ids", new JsonObject().put("lgudid", UUID.randomUUID().toString())));
    check("kochavaWebSdk", 200, call(false, HttpMethod.POST, "/kochava/lg-webos/websdk", webSdk, false));
    check("kochavaWebSdk", 404, call(false, HttpMethod.POST, "/kochava/nowhere/websdk", webSdk, false));
    check("live", 200, call(true, HttpMethod.GET, "/health/live", null, false));
    check("ready", 200, call(true, HttpMethod.GET, "/health/ready", null, false));
    check("metrics", 200, call(true, HttpMethod.GET, "/metrics", null, false));
    check("profiles", 200, call(true, HttpMethod.GET, "/profiles", null, false));
    check("openapi", 200, call(true, HttpMethod.GET, "/openapi.json", null, false));

    check("install", 202, call(false, HttpMethod.POST, "/v1/roku/install", install("koapp-rejected"), false));
    gateway.await("a dead letter", () -> gateway.gateway().deliveryStats().deadLettered() == 1);
    check("listDeadLetters", 401, call(true, HttpMethod.GET, "/dead-letters", null, false));
    JsonObject page = check("listDeadLetters", 200, call(true, HttpMethod.GET, "/dead-letters", null, true))
        .bodyAsJsonObject();
    long id = page.getJsonArray("dead_letters").getJsonObject(0).getLong("id");
    check("listDeadLetters", 400, call(true, HttpMethod.GET, "/dead-letters?limit=abc", null, true));
    check("getDeadLetter", 200, call(true, HttpMethod.GET, "/dead-letters/" + id, null, true));
    check("getDeadLetter", 404, call(true, HttpMethod.GET, "/dead-letters/9999", null, true));
    check("getDeadLetter", 400, call(true, HttpMethod.GET, "/dead-letters/abc", null, true));
    check("requeueDeadLetter", 404, call(true, HttpMethod.POST, "/dead-letters/9999/requeue", null, true));
    check("requeueDeadLetters", 200, call(true, HttpMethod.POST, "/dead-letters/requeue?app=none", null, true));
    check("purgeDeadLetters", 400, call(true, HttpMethod.DELETE, "/dead-letters", null, true));
    check("requeueDeadLetter", 200, call(true, HttpMethod.POST, "/dead-letters/" + id + "/requeue", null, true));
    gateway.await("dead-lettered again", () -> gateway.gateway().deliveryStats().deadLettered() == 2);
    long again = call(true, HttpMethod.GET, "/dead-letters", null, true).bodyAsJsonObject()
        .getJsonArray("dead_letters").getJsonObject(0).getLong("id");
    check("purgeDeadLetter", 200, call(true, HttpMethod.DELETE, "/dead-letters/" + again, null, true));
    check("purgeDeadLetter", 404, call(true, HttpMethod.DELETE, "/dead-letters/" + again, null, true));
    check("purgeDeadLetters", 200, call(true, HttpMethod.DELETE, "/dead-letters?all=true", null, true));

    check("previewInstall", 200, call(true, HttpMethod.POST, "/preview/roku/install", install("koapp-contract"), true));
    check("previewInstall", 400, call(true, HttpMethod.POST, "/preview/roku/install",
        new JsonObject().put("app_id", "x").put("ids", new JsonObject().put("rida", "bad")), true));
    check("previewInstall", 404, call(true, HttpMethod.POST, "/preview/nowhere/install", install("x"), true));
    check("previewInstall", 401, call(true, HttpMethod.POST, "/preview/roku/install", install("x"), false));
    check("previewEvent", 200, call(true, HttpMethod.POST, "/preview/roku/event",
        install("koapp-contract").put("event_name", "play"), true));
    check("forget", 200, call(true, HttpMethod.POST, "/forget/roku", once, true));
    check("consoleStatus", 200, call(true, HttpMethod.GET, "/console/api/status", null, true));
    check("consoleStatus", 401, call(true, HttpMethod.GET, "/console/api/status", null, false));
    check("playground", 200, call(true, HttpMethod.POST, "/console/api/playground",
        new JsonObject().put("platform", "roku").put("request", install("koapp-contract")), true));
    check("playground", 400, call(true, HttpMethod.POST, "/console/api/playground",
        new JsonObject().put("profile", new JsonObject().put("id", "x")).put("request", new JsonObject()), true));

    // Every documented operation was called and checked (the tail's stream is the browser test's).
    JsonObject document = new JsonObject(java.nio.file.Files.readString(Path.of("docs", "openapi.json")));
    Set<String> operations = new java.util.TreeSet<>();
    document.getJsonObject("paths").forEach(path -> ((JsonObject) path.getValue()).forEach(method ->
        operations.add(((JsonObject) method.getValue()).getString("operationId"))));
    operations.remove("tail");
    Set<String> called = new java.util.TreeSet<>();
    seen.forEach(s -> called.add(s.split(" ")[0]));
    assertEquals(operations, called);
  }

  @Test
  void aResponseThatBreaksTheContractFails() throws Exception {
    // A 202 without its receipt, and an error body without its code: both refused by the validator.
    assertThrows(Exception.class, () -> validator.validate(ValidatableResponse.create(202, Map.of(),
        Buffer.buffer("{\"status\":\"accepted\"}"), "application/json"), "install").await(10, TimeUnit.SECONDS));
    assertThrows(Exception.class, () -> validator.validate(ValidatableResponse.create(400, Map.of(),
        Buffer.buffer("{\"error\":{\"message\":\"bad\",\"field\":null}}"), "application/json"), "install")
        .await(10, TimeUnit.SECONDS));
    // An undocumented status is refused too.
    assertThrows(Exception.class, () -> validator.validate(ValidatableResponse.create(418, Map.of(),
        Buffer.buffer("{}"), "application/json"), "install").await(10, TimeUnit.SECONDS));
    // And a real answer passes (the validator is not refusing everything).
    validator.validate(ValidatableResponse.create(202, Map.of(),
        Buffer.buffer("{\"status\":\"accepted\",\"receipt\":\"01KB3X0Z8R9Q6V5T4S3R2P1N0M\"}"), "application/json"),
        "install").await(10, TimeUnit.SECONDS);
  }
}
