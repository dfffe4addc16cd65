package io.ctvgateway.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.testing.FakeKochava.Answer;
import io.ctvgateway.testing.GatewayTestBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every admin answer is JSON, HEAD works where GET does, and the dead letters can be read, filtered and purged. */
class AdminApiErrorsTest extends GatewayTestBase {
  private WebClient client;
  private final AtomicBoolean reject = new AtomicBoolean(true);

  @BeforeEach
  void start() {
    kochava.otherwise(r -> reject.get() ? Answer.status(400, "{\"error\":\"bad app\"}") : Answer.ok());
    client = WebClient.create(vertx);
  }

  private HttpResponse<Buffer> admin(HttpMethod method, String path) throws Exception {
    return client.request(method, gateway.gateway().adminPort(), "127.0.0.1", path).send().await(10, TimeUnit.SECONDS);
  }

  private static JsonObject error(HttpResponse<Buffer> answer) {
    assertEquals("application/json", answer.getHeader("Content-Type").split(";")[0], answer.bodyAsString());
    return answer.bodyAsJsonObject().getJsonObject("error");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "GET,    /dead-letters/5,              404, not_found,          id",
      "GET,    /dead-letters/abc,            400, invalid_value,      id",
      "DELETE, /dead-letters/5,              404, not_found,          id",
      "POST,   /dead-letters/5/requeue,      404, not_found,          id",
      "GET,    /nowhere,                     404, not_found,          ",
      "PUT,    /health/live,                 405, method_not_allowed, ",
      "DELETE, /metrics,                     405, method_not_allowed, ",
      "GET,    /dead-letters?limit=abc,      400, invalid_value,      limit",
      "GET,    /dead-letters?limit=1001,     400, invalid_value,      limit",
      "GET,    /dead-letters?from=-1,        400, invalid_value,      from",
      "GET,    /dead-letters?reason=nope,    400, invalid_value,      reason",
      "DELETE, /dead-letters,                400, missing_field,      all",
      "DELETE, /dead-letters?all=yes,        400, invalid_value,      all"})
  void everyAdminErrorIsTheJsonErrorBody(String method, String path, int status, String code, String field)
      throws Exception {
    HttpResponse<Buffer> answer = admin(HttpMethod.valueOf(method), path);
    assertEquals(status, answer.statusCode(), answer.bodyAsString());
    JsonObject error = error(answer);
    assertEquals(code, error.getString("code"), error.encode());
    assertEquals(field, error.getString("field"), error.encode());
    assertTrue(error.getString("message").length() > 10, error.encode());
  }

  @Test
  void headIsAnsweredWhereGetIs() throws Exception {
    for (String path : new String[] {"/health/live", "/health/ready", "/metrics", "/profiles", "/dead-letters"}) {
      HttpResponse<Buffer> head = admin(HttpMethod.HEAD, path);
      assertEquals(200, head.statusCode(), path);
      assertNull(head.body(), path + ": a HEAD answer has no body");
    }
  }

  private void deadLetter(String app, String rida) throws Exception {
    long before = gateway.gateway().deliveryStats().deadLettered();
    JsonObject install = new JsonObject().put("app_id", app).put("ids", new JsonObject().put("rida", rida))
        .put("model", "3920X").put("os_version", "12.0.0.4186");
    assertEquals(202, gateway.install("roku", install).statusCode());
    gateway.await("dead-lettered", () -> gateway.gateway().deliveryStats().deadLettered() == before + 1);
  }

  @Test
  void deadLettersAreFilteredReadInFullPurgedAndRequeuedBySelection() throws Exception {
    deadLetter("koapp-a", "fa73d67d-f55c-5af3-883a-726253dc7d0e");
    deadLetter("koapp-b", "0b6e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4");
    deadLetter("koapp-a", "1c7f2d3e-4a5b-4c6d-9e7f-8091a2b3c4d5");

    assertEquals(0, admin(HttpMethod.GET, "/dead-letters?limit=0").bodyAsJsonObject().getJsonArray("dead_letters").size());
    JsonObject page = admin(HttpMethod.GET, "/dead-letters?limit=1").bodyAsJsonObject();
    assertEquals(1, page.getJsonArray("dead_letters").size());
    long next = page.getLong("next");
    assertEquals(2, admin(HttpMethod.GET, "/dead-letters?from=" + next).bodyAsJsonObject()
        .getJsonArray("dead_letters").size());

    JsonArray ofA = admin(HttpMethod.GET, "/dead-letters?app=koapp-a&reason=rejected").bodyAsJsonObject()
        .getJsonArray("dead_letters");
    assertEquals(2, ofA.size());
    assertEquals(0, admin(HttpMethod.GET, "/dead-letters?reason=max_age").bodyAsJsonObject()
        .getJsonArray("dead_letters").size());

    // One in full: why, Kochava's answer, what was sent, and the TV's original request.
    long id = ofA.getJsonObject(0).getLong("id");
    JsonObject one = admin(HttpMethod.GET, "/dead-letters/" + id).bodyAsJsonObject();
    assertEquals("rejected", one.getString("reason"));
    assertEquals(400, one.getInteger("status"));
    assertEquals("{\"error\":\"bad app\"}", one.getString("upstream_answer"));
    assertEquals(kochava.attempts().get(0).body(), one.getString("upstream_request"), "the exact bytes sent");
    assertEquals("koapp-a", one.getJsonObject("original_request").getString("app_id"));
    assertEquals("fa73d67d-f55c-5af3-883a-726253dc7d0e", one.getJsonObject("original_request")
        .getJsonObject("ids").getString("rida"));

    // Purge one, then by app; requeue what is left by app.
    assertEquals(1, admin(HttpMethod.DELETE, "/dead-letters/" + id).bodyAsJsonObject().getInteger("purged"));
    assertEquals(404, admin(HttpMethod.GET, "/dead-letters/" + id).statusCode());
    assertEquals(0, admin(HttpMethod.POST, "/dead-letters/requeue?app=koapp-c").bodyAsJsonObject().getInteger("requeued"));
    reject.set(false);
    assertEquals(1, admin(HttpMethod.POST, "/dead-letters/requeue?app=koapp-a").bodyAsJsonObject().getInteger("requeued"));
    gateway.await("the re-queued install delivered", () -> kochava.accepted().size() == 1);
    assertEquals("1c7f2d3e-4a5b-4c6d-9e7f-8091a2b3c4d5", kochava.accepted().get(0).json()
        .getJsonObject("data").getJsonObject("device_ids").getString("rida"));
    assertEquals(1, admin(HttpMethod.DELETE, "/dead-letters?app=koapp-b").bodyAsJsonObject().getInteger("purged"));
    assertEquals(0, admin(HttpMethod.GET, "/dead-letters").bodyAsJsonObject().getLong("total"));
    assertEquals(0, admin(HttpMethod.DELETE, "/dead-letters?all=true").bodyAsJsonObject().getInteger("purged"));
  }
}
