package io.ctvgateway.install;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubmissionTest {

  /** What decides whether an identifier the client sent was forwarded (else the kept original masks it). */
  @ParameterizedTest(name = "''{0}'' vs ''{1}'' -> {2}")
  @CsvSource(delimiter = '|', value = {
      "ABCD-1234               | abcd1234               | true",
      "6ba7b810-9dad-11d1-80b4 | 6BA7B8109DAD11D180B4   | true",
      "abc                     | abcd                   | false",
      "abcd                    | abc                    | false",
      "a-b-c                   | --abc--                | true",
      "abc                     | abd                    | false",
      "'---'                   | ''                     | true",
      "x                       | ''                     | false",
  })
  void idsAreTheSameWhateverTheirCaseAndSeparators(String a, String b, boolean same) {
    assertEquals(same, Submission.sameId(a, b));
    assertEquals(same, Submission.sameId(b, a));
  }
}
