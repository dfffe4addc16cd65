package io.ctvgateway.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateTest {
  private static final Map<String, Map<String, String>> TABLES = Map.of("chromium", Map.of("7", "Chrome/87"));

  @ParameterizedTest(name = "{0} with {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "DVP-{major}.{minor}      | major=12,minor=0 | DVP-12.0",
      "({raw})                  | raw=519.10E      | (519.10E)",
      "x {chromium[major]} y    | major=7          | x Chrome/87 y",
      "x {chromium[major]} y    | major=8          | ",
      "DVP-{major}.{minor}      | major=12         | ",
      "plain                    | major=1          | plain",
  })
  void rendersAllOrNothing(String text, String vars, String expected) {
    Template template = Template.parse(text, TABLES);

    assertEquals(Optional.ofNullable(expected), template.render(vars(vars)));
  }

  @Test
  void listsTheVariablesItReads() {
    assertEquals(Set.of("major", "minor"), Template.parse("{major}.{minor} {chromium[major]}", TABLES).variables());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{nope[major]}  | unknown table 'nope'",
      "a {major b     | stray brace",
      "a } b          | stray brace",
      "{1major}       | stray brace",
  })
  void rejectsMalformedTemplates(String text, String problem) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Template.parse(text, TABLES));

    assertTrue(e.getMessage().contains(problem), e.getMessage());
  }

  private static Map<String, String> vars(String compact) {
    Map<String, String> vars = new HashMap<>();
    for (String pair : compact.split(",")) {
      String[] kv = pair.split("=", 2);
      vars.put(kv[0], kv[1]);
    }
    return vars;
  }
}
