package io.ctvgateway.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StrictJsonTest {
  private static final String BODY = "{\"app_id\":\"kotv\",\"ids\":{\"rida\":\"fa73\"},\"n\":1.50,\"u\":\"caf\\u00e9\"}";

  @Test
  void anAsciiBodyIsReadFromItsBytesAndKeepsThemAsSent() {
    byte[] sent = BODY.getBytes(StandardCharsets.US_ASCII);
    StrictJson.Parsed parsed = StrictJson.parse(sent.clone());
    JsonObject json = (JsonObject) parsed.value();
    assertEquals("kotv", json.getString("app_id"));
    assertEquals("fa73", json.getJsonObject("ids").getString("rida"));
    assertEquals("1.50", ((RawNumber) json.getValue("n")).text());
    assertEquals("café", json.getString("u"));
    assertArrayEquals(sent, parsed.raw().toBytes());
    assertEquals(BODY, parsed.text());
  }

  @Test
  void aUtf8BodyIsReadFromItsTextAndKeepsItsBytes() {
    String body = "{\"model\":\"Téléviseur\",\"emoji\":\"😀\"}";
    StrictJson.Parsed parsed = StrictJson.parse(body.getBytes(StandardCharsets.UTF_8));
    assertEquals("Téléviseur", ((JsonObject) parsed.value()).getString("model"));
    assertEquals(body, parsed.text());
    assertArrayEquals(body.getBytes(StandardCharsets.UTF_8), parsed.raw().toBytes());
  }

  /**
   * Jackson guesses UTF-16 or UTF-32 from zero bytes at the start of a byte source; a body in those encodings is all
   * ASCII bytes but for its zeros, and must be refused as the malformed UTF-8 it is, not decoded and accepted.
   */
  @ParameterizedTest
  @ValueSource(strings = {"UTF-16BE", "UTF-16LE", "UTF-32BE", "UTF-32LE"})
  void aBodyInAnotherUnicodeEncodingIsRefusedNotDecoded(String encoding) {
    byte[] sent = "{\"app_id\":\"kotv\"}".getBytes(Charset.forName(encoding));
    assertEquals("malformed_json", assertThrows(JsonRejected.class, () -> StrictJson.parse(sent)).code());
  }

  @Test
  void aMalformedAsciiBodySaysWhere() {
    JsonRejected rejected = assertThrows(JsonRejected.class,
        () -> StrictJson.parse("{\"a\":1,}".getBytes(StandardCharsets.US_ASCII)));
    assertEquals("malformed_json", rejected.code());
    assertTrue(rejected.getMessage().contains("line 1, column 8"), rejected.getMessage());
    assertEquals("duplicate_field", assertThrows(JsonRejected.class,
        () -> StrictJson.parse("{\"a\":1,\"a\":2}".getBytes(StandardCharsets.US_ASCII))).code());
  }
}
