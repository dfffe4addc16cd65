package io.ctvgateway.kochava;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UriComponentTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Roku/DVP-12.0 (12.0.0.4186-55) | Roku%2FDVP-12.0%20(12.0.0.4186-55)",
      "a+b&c=d;e,f                    | a%2Bb%26c%3Dd%3Be%2Cf",
      "Web0S; Linux/SmartTV           | Web0S%3B%20Linux%2FSmartTV",
      "é                              | %C3%A9",
      "!~*'()-_.                      | !~*'()-_.",
  })
  void encodesLikeJavaScriptEncodeUriComponent(String raw, String encoded) {
    assertEquals(encoded, UriComponent.encode(raw));
  }

  /** The character-wise encoder against the rule itself: every UTF-8 byte of the text, percent-encoded unless unreserved. */
  @Test
  void everyTextEncodesAsItsUtf8BytesWould() {
    Random random = new Random(11);
    String alphabet = "aZ09-_.!~*'() /;+%\u00e9\u20ac\ud83d\ude00\ud800\u0001\u007f";
    for (int n = 0; n < 20_000; n++) {
      StringBuilder text = new StringBuilder();
      for (int i = random.nextInt(12); i > 0; i--) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      assertEquals(byUtf8Bytes(text.toString()), UriComponent.encode(text.toString()), text.toString());
    }
  }

  private static String byUtf8Bytes(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "-_.!~*'()".indexOf(c) >= 0;
      out.append(unreserved ? String.valueOf((char) c) : String.format("%%%02X", c));
    }
    return out.toString();
  }
}
