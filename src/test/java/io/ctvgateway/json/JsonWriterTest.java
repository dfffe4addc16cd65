package io.ctvgateway.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
  /** Characters that exercise every branch: plain, escaped, controls, two- and three-byte, and pairs. */
  private static final String[] PIECES = {"a", "Z", "0", " ", "\"", "\\", "/", "\b", "\t", "\n", "\f", "\r", "\u0000",
      "\u001f", "\u007f", "é", "ß", "\u07ff", "\u0800", "€", "\uffff", "😀", "\ud83d\ude00x", "Roku/DVP-12.0 (12.0)"};

  @Test
  void writesWhatVertxWritesWithSlashesEscapedAsUtf8() {
    Random random = new Random(14);
    for (int round = 0; round < 2_000; round++) {
      JsonObject json = object(random, 0);
      String expected = json.encode().replace("/", "\\/");
      assertEquals(expected, JsonWriter.write(json));
      assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), JsonWriter.writeUtf8(json).toBytes());
    }
  }

  @Test
  void aLoneSurrogateIsWrittenAsAQuestionMarkAndNumbersAsReceived() {
    JsonObject json = new JsonObject().put("k", "a\ud800b").put("n", new RawNumber("1.50", 1.5)).put("l", 12L)
        .put("t", true).put("z", (Object) null);
    assertEquals("{\"k\":\"a?b\",\"n\":1.50,\"l\":12,\"t\":true,\"z\":null}", JsonWriter.writeUtf8(json).text());
  }

  @Test
  void aBodyLargerThanTheKeptBufferIsWrittenWhole() {
    String big = "x".repeat(40_000) + "/";
    assertEquals("{\"big\":\"" + "x".repeat(40_000) + "\\/\"}", JsonWriter.write(new JsonObject().put("big", big)));
    assertEquals("{\"a\":\"b\"}", JsonWriter.write(new JsonObject().put("a", "b")));
  }

  private static JsonObject object(Random random, int depth) {
    JsonObject json = new JsonObject();
    int fields = random.nextInt(6);
    for (int i = 0; i < fields; i++) {
      json.put(text(random) + i, value(random, depth));
    }
    return json;
  }

  private static Object value(Random random, int depth) {
    switch (random.nextInt(depth < 3 ? 8 : 6)) {
      case 0: return text(random);
      case 1: return random.nextInt();
      case 2: return random.nextLong();
      case 3: return random.nextBoolean();
      case 4: return null;
      case 5: return random.nextDouble() * 1e6;
      case 6: return object(random, depth + 1);
      default: {
        JsonArray array = new JsonArray();
        for (int i = random.nextInt(4); i > 0; i--) {
          array.add(value(random, depth + 1));
        }
        return array;
      }
    }
  }

  private static String text(Random random) {
    StringBuilder out = new StringBuilder();
    for (int i = random.nextInt(8); i > 0; i--) {
      out.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return out.toString();
  }
}
