package io.ctvgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctvgateway.testing.GatewayTestBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Google DMA consent, as Kochava's post-install event page asks S2S senders for it: {@code data.gdpr_privacy_consent}. */
class ConsentTest extends GatewayTestBase {
  private static final String TC = "CPzHq4APzHq4AAGABCENBcCgAP_AAH_AAAqIHWtf_X_fb39j-_59_9t0eY1f9_7_v-0zjhfds-8Nyf_X_L8X42M7vF36pq4KuR4Eu3LBIQdlHOHcTUmw6okVrzPsbk2Mr7NKJ7PEmnMbO2dYGH9_n93TuZKY7__8___z__-v_v____f_r-3_3__59X---_e_V399zLv9__3__9AAAA";

  @Override
  protected JsonObject configure(JsonObject config) {
    return config.put("apps", new JsonObject().put("koctv-eu-only", new JsonObject().put("gdpr_applies", true)));
  }

  private static JsonObject install(String app) {
    return new JsonObject().put("app_id", app).put("ids", new JsonObject().put("rida", UUID.randomUUID().toString()))
        .put("os_version", "12.0.0.4186").put("model", "3920X");
  }

  private JsonObject forwarded(String path, JsonObject body) throws Exception {
    HttpResponse<Buffer> answer = gateway.post(path, Map.of("Content-Type", "application/json"),
        Buffer.buffer(body.encode()));
    assertTrue(answer.statusCode() == 202 || answer.statusCode() == 200, answer.bodyAsString());
    String rida = body.getJsonObject("ids").getString("rida");
    gateway.await("at Kochava", () -> kochava.accepted().stream().anyMatch(r -> r.body().contains(rida)));
    return kochava.accepted().stream().filter(r -> r.body().contains(rida)).findFirst().orElseThrow().json()
        .getJsonObject("data");
  }

  @Test
  void nestedConsentIsForwardedInKochavasShape() throws Exception {
    JsonObject data = forwarded("/v1/roku/install", install("koctv-consent").put("gdpr_privacy_consent",
        new JsonObject().put("gdpr_applies", true).put("tc_string", TC).put("ad_user_data", true)
            .put("ad_personalization", false)));
    assertEquals(new JsonObject().put("gdpr_applies", 1).put("ad_user_data", 1).put("ad_personalization", 0)
        .put("tc_string", TC), data.getJsonObject("gdpr_privacy_consent"));
  }

  @Test
  void flatConsentOnAnEventAndABatchIsForwardedTheSameWay() throws Exception {
    JsonObject event = forwarded("/v1/roku/event", install("koctv-consent").put("event_name", "play")
        .put("ad_user_data", 1).put("ad_personalization", 1));
    assertEquals(new JsonObject().put("ad_user_data", 1).put("ad_personalization", 1),
        event.getJsonObject("gdpr_privacy_consent"));
    JsonObject batch = install("koctv-consent").put("tc_string", TC)
        .put("events", new JsonArray().add(new JsonObject().put("event_name", "a")));
    JsonObject data = forwarded("/v1/roku/events", batch);
    assertEquals(new JsonObject().put("tc_string", TC), data.getJsonObject("gdpr_privacy_consent"));
  }

  @Test
  void anAppsDefaultFillsGdprApplies() throws Exception {
    JsonObject data = forwarded("/v1/roku/install", install("koctv-eu-only").put("tc_string", TC));
    assertEquals(new JsonObject().put("tc_string", TC).put("gdpr_applies", 1), data.getJsonObject("gdpr_privacy_consent"));
    JsonObject none = forwarded("/v1/roku/install", install("koctv-plain"));
    assertTrue(!none.containsKey("gdpr_privacy_consent"), "nothing sent, nothing forwarded");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "flat and nested             | {\"gdpr_applies\":true,\"gdpr_privacy_consent\":{\"tc_string\":\"abc\"}}          | invalid_value | gdpr_privacy_consent",
      "no tc_string, one signal    | {\"gdpr_privacy_consent\":{\"ad_user_data\":1}}                                  | missing_field | gdpr_privacy_consent.tc_string",
      "no tc_string, flat          | {\"gdpr_applies\":true}                                                          | missing_field | tc_string",
      "a TC string, gdpr not apply | {\"gdpr_privacy_consent\":{\"gdpr_applies\":false,\"tc_string\":\"CPzHq4A\"}}     | invalid_value | gdpr_privacy_consent.gdpr_applies",
      "a flag that is not a flag   | {\"ad_user_data\":\"yes\",\"ad_personalization\":1}                               | wrong_type    | ad_user_data",
      "a flag of 2                 | {\"ad_user_data\":2,\"ad_personalization\":1}                                     | wrong_type    | ad_user_data",
      "not a TC string             | {\"tc_string\":\"not a tc string\"}                                               | invalid_format | tc_string",
      "an unknown consent key      | {\"gdpr_privacy_consent\":{\"tc_string\":\"CPzHq4A\",\"gdpr\":1}}                  | unknown_field | gdpr_privacy_consent.gdpr"})
  void contradictionsAndBadValuesAre400NamingTheField(String what, String consent, String code, String field)
      throws Exception {
    JsonObject body = install("koctv-consent");
    new JsonObject(consent).forEach(e -> body.put(e.getKey(), e.getValue()));
    HttpResponse<Buffer> answer = gateway.install("roku", body);
    assertEquals(400, answer.statusCode(), answer.bodyAsString());
    JsonObject error = answer.bodyAsJsonObject().getJsonObject("error");
    assertEquals(code, error.getString("code"), error.encode());
    assertEquals(field, error.getString("field"), error.encode());
  }

  @Test
  void anEuOnlyAppRefusesARequestSayingTheGdprDoesNotApply() throws Exception {
    HttpResponse<Buffer> answer = gateway.install("roku", install("koctv-eu-only")
        .put("gdpr_privacy_consent", new JsonObject().put("gdpr_applies", false).put("ad_user_data", 0)
            .put("ad_personalization", 0)));
    assertEquals(400, answer.statusCode(), answer.bodyAsString());
    JsonObject error = answer.bodyAsJsonObject().getJsonObject("error");
    assertEquals("gdpr_privacy_consent.gdpr_applies", error.getString("field"));
    assertTrue(error.getString("message").contains("configured with gdpr_applies true"), error.encode());
  }
}
