package io.ctvgateway.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which named groups a version pattern may leave unset: the ones a device_ver template needs a default for. */
class OptionalGroupsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " => ", value = {
      "^(?<major>[1-9]|1[01])(?:\\.(?<minor>[0-9]{1,3})(?:\\.(?<patch>[0-9]{1,3}))?)?$ => minor patch",
      "^(?<major>[0-9])\\.(?<minor>[0-9])$ => ",
      "^(?<a>x)*(?<b>y){0,2}(?<c>z){1,2}$ => a b",
      "^(?:(?<a>x)|(?<b>y))$ => a b",
      "^(?<a>x)|(?<b>y)$ => a b",
      "^[(?<notagroup>]\\((?<real>x)\\)$ => ",
      "^\\Q(?<quoted>)?\\E(?<real>x)$ => ",
      "^(?=(?<look>x))(?<real>x)$ => look",
      "^(?<outer>(?<inner>x)?y)$ => inner"})
  void optionalGroupsAreFoundFromThePatternsStructure(String regex, String expected) {
    Set<String> want = new TreeSet<>();
    if (expected != null) {
      want.addAll(Set.of(expected.trim().split(" ")));
    }
    assertEquals(want, new TreeSet<>(VersionFormat.optionalGroups(regex.trim())));
  }
}
