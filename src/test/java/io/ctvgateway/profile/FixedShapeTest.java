package io.ctvgateway.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@link FixedShape} answers as {@link java.util.regex.Matcher#matches()} does, or declines the pattern. */
class FixedShapeTest {
  private static final String UUID = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$";
  /** Characters the random values are drawn from: every class's members and neighbours, controls, non-ASCII. */
  private static final String ALPHABET = "0123456789abcdefABCDEFgGzZ-_.:/\\ \n\t@#%~,=]^[{}()*+?$"
      + "\u00e9\u00c9\u0130\u212a";

  @Test
  void everyShippedIdentifierFormatIsALoopAndAgreesWithItsRegex() throws IOException {
    Set<String> patterns = shippedIdentifierPatterns();
    assertEquals(true, patterns.size() >= 4, "the shipped profiles' id formats: " + patterns);
    for (String regex : patterns) {
      Pattern pattern = Pattern.compile(regex);
      assertNotNull(FixedShape.of(pattern), "taken as a loop: " + regex);
      agree(pattern, 20_000);
    }
  }

  @Test
  void simpleShapesAreTakenAndAgree() {
    for (String regex : List.of("^$", "^a$", "^[a-c]$", "^[a-c]{0,3}$", "^[-a]{2}$", "^[a-]{2}$", "^x-y$",
        "^\\.[0-9]{2}\\-$", "^[\\.\\-]{1,4}$", "^[ ]{2}$", "^[A-Za-z0-9._:-]{8,128}$", "^[0-9A-Za-z]{32}$",
        "^[0-9A-Fa-f]{16}$", "^ab{2}c$", "^[a-f]{0}x$", "^[a-c-e]{2}$", "^[a\\-c]{2}$", "^\\\\[0-9]$",
        "^[a^]{2}$", "^[!-/]{3}$")) {
      Pattern pattern = Pattern.compile(regex);
      assertNotNull(FixedShape.of(pattern), regex);
      agree(pattern, 5_000);
      every(pattern);
    }
  }

  /** Every string up to 4 characters over the pattern's own characters and a few others. */
  private static void every(Pattern pattern) {
    FixedShape shape = FixedShape.of(pattern);
    Set<Character> chars = new LinkedHashSet<>();
    for (char c : (pattern.pattern() + "b7Z\u00e9\n").toCharArray()) {
      chars.add(c);
    }
    List<Character> alphabet = List.copyOf(chars);
    int[] counts = new int[1];
    for (int length = 0; length <= 4; length++) {
      int total = (int) Math.pow(alphabet.size(), length);
      for (int n = 0; n < total; n++) {
        StringBuilder value = new StringBuilder();
        for (int k = 0, rest = n; k < length; k++, rest /= alphabet.size()) {
          value.append(alphabet.get(rest % alphabet.size()));
        }
        String v = value.toString();
        boolean expected = pattern.matcher(v).matches();
        counts[0] += expected ? 1 : 0;
        assertEquals(expected, shape.matches(v), () -> pattern.pattern() + " on " + printable(v));
      }
    }
    if (!Set.of("^[A-Za-z0-9._:-]{8,128}$", "^[0-9A-Za-z]{32}$", "^[0-9A-Fa-f]{16}$").contains(pattern.pattern())) {
      assertEquals(true, counts[0] > 0, "some value matched " + pattern.pattern());
    }
  }

  @Test
  void otherShapesKeepTheirRegex() {
    for (String regex : List.of("[a-f]{4}", "^[a-f]{4}", "[a-f]{4}$", "^[a-f]+$", "^[a-f]*$", "^[a-f]?$",
        "^[a-f]{2,}$", "^[^a-f]{4}$", "^.{4}$", "^(ab){2}$", "^a|b$", "^[a-f]{1,3}[0-9]{2}$",
        "^[a-f]{1,3}-$", "^\\d{4}$", "^\\w{4}$", "^[\\d]{4}$", "^[a-z&&[def]]{2}$", "^[[a-f]]{2}$", "^a{2}{3}$",
        "^a{2}+$", "^a{2}?$", "^(?i)[a-f]{4}$", "^\\Qab\\E$", "^a\\$", "^[\u00e9]{2}$", "^\u00e9$", "^[]a]$",
        "^(?<x>[0-9]{2})$", "^[a-f]{4}(?=x)$")) {
      assertNull(FixedShape.of(Pattern.compile(regex)), regex);
    }
    assertNull(FixedShape.of(Pattern.compile("^[a-f]{4}$", Pattern.CASE_INSENSITIVE)), "a flag");
  }

  /** Random values near the pattern's own shape (its length, one character off) and far from it. */
  private static void agree(Pattern pattern, int cases) {
    FixedShape shape = FixedShape.of(pattern);
    Random random = new Random(pattern.pattern().hashCode());
    for (int n = 0; n < cases; n++) {
      String value = n % 2 == 0 ? nearMiss(pattern, random) : randomValue(random, random.nextInt(40));
      assertEquals(pattern.matcher(value).matches(), shape.matches(value),
          () -> pattern.pattern() + " on " + printable(value));
    }
  }

  /** A value that matches (generated from a sample the regex accepts), then perhaps one character changed. */
  private static String nearMiss(Pattern pattern, Random random) {
    StringBuilder value = new StringBuilder();
    String source = pattern.pattern();
    // Builds a matching value from the shapes this test uses: runs of a class's members or of literals.
    for (int i = 0; i < 140; i++) {
      value.append(ALPHABET.charAt(random.nextInt(16))); // hex digits: members of most classes here
    }
    if (source.equals(UUID) || source.contains("{8}-")) {
      value.setLength(0);
      value.append(hex(random, 8)).append('-').append(hex(random, 4)).append('-').append(hex(random, 4))
          .append('-').append(hex(random, 4)).append('-').append(hex(random, 12));
    } else if (source.contains("{32}")) {
      value.setLength(32);
    } else if (source.contains("{16}")) {
      value.setLength(16);
    } else if (source.contains("{8,128}")) {
      value.setLength(8 + random.nextInt(121));
    } else {
      value.setLength(random.nextInt(12));
    }
    if (value.length() > 0 && random.nextBoolean()) {
      value.setCharAt(random.nextInt(value.length()), ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    if (random.nextInt(8) == 0) {
      value.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    if (random.nextInt(8) == 0 && value.length() > 0) {
      value.setLength(value.length() - 1);
    }
    return value.toString();
  }

  private static String hex(Random random, int n) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < n; i++) {
      out.append("0123456789abcdefABCDEF".charAt(random.nextInt(22)));
    }
    return out.toString();
  }

  private static String randomValue(Random random, int length) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return out.toString();
  }

  private static String printable(String value) {
    return value.replace("\n", "\\n").replace("\t", "\\t");
  }

  private static Set<String> shippedIdentifierPatterns() throws IOException {
    Set<String> patterns = new LinkedHashSet<>();
    try (Stream<Path> files = Files.list(Path.of("device-profiles"))) {
      for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".json")).sorted()::iterator) {
        JsonArray identifiers = new JsonObject(Files.readString(file)).getJsonArray("identifiers", new JsonArray());
        for (Object identifier : identifiers) {
          for (Object format : ((JsonObject) identifier).getJsonArray("formats", new JsonArray())) {
            patterns.add(((JsonObject) format).getString("pattern"));
          }
        }
      }
    }
    return patterns;
  }
}
