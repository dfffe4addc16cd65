package io.ctvgateway.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The in-place placeholder and opt-out comparison agrees with building the canonical form. */
class IdentifierRuleTest {

  @Test
  void comparingInPlaceAgreesWithTheCanonicalFormForEveryValue() {
    Set<String> few = Set.of("00000000000000000000000000000000", "deadbeef", "", "a-b".replace("-", ""), "ß");
    Set<String> many = IntStream.range(0, 40).mapToObj(i -> "0000" + i).collect(Collectors.toCollection(
        LinkedHashSet::new));
    List<String> values = List.of("00000000-0000-0000-0000-000000000000", "0000-0000", "DEADBEEF", "dead-beef",
        "Dead--Beef-", "deadbeef0", "deadbee", "-", "", "--", "AB", "a-b", "ß", "SS", "İ", "deadbeef\u0130",
        "00007", "0000-7", "00 007", "000039", "0000-39");
    for (Set<String> canonicalValues : List.of(few, many, Set.<String>of())) {
      for (String value : values) {
        assertEquals(canonicalValues.contains(IdentifierRule.canonical(value)),
            IdentifierRule.inCanonical(canonicalValues, value), value + " in " + canonicalValues);
      }
    }
    Random random = new Random(7);
    String alphabet = "0aAfF-9zZ\u00e9";
    for (int n = 0; n < 20_000; n++) {
      StringBuilder value = new StringBuilder();
      for (int i = random.nextInt(10); i > 0; i--) {
        value.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      Set<String> canonicalValues = new java.util.HashSet<>(List.of(
          IdentifierRule.canonical(value.toString().replace("A", "a")), "0a"));
      assertEquals(canonicalValues.contains(IdentifierRule.canonical(value.toString())),
          IdentifierRule.inCanonical(canonicalValues, value.toString()), value + " in " + canonicalValues);
    }
  }
}
