package io.ctvgateway.kochava;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
