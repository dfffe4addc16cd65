package io.ctvgateway.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A full-match regex of the simple shape identifier formats have ({@code ^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-...$},
 * {@code ^[A-Za-z0-9._:-]{8,128}$}), matched by a loop over the value instead of {@link java.util.regex}: each
 * install checks one or two ids, and the regex engine (a matcher, then a chain of character-class predicates per
 * character) was about 2% of the gateway's Java samples.
 *
 * <p>Only two shapes are taken, both matched without any backtracking, so the loop answers exactly what
 * {@link java.util.regex.Matcher#matches()} would: a sequence of ASCII character classes and literals with exact
 * counts ({@code {n}} or none), which fixes each position's allowed set; or one class with a count range
 * ({@code {n,m}}). Anything else (alternation, groups, {@code *}, {@code +}, {@code ?}, {@code .}, a negated
 * class, a flag, an escape other than a punctuation character's) returns null from {@link #of}, and that format
 * keeps its regex.
 */
final class FixedShape {
  /** Allowed ASCII characters per position (bits 0-63 and 64-127), or of the one run. */
  private final long[] low;
  private final long[] high;
  private final int min;
  private final int max;
  /** One class for every position (a count range), rather than a set per position. */
  private final boolean run;

  /** Punctuation taken as itself outside a class (Java's regex gives none of these a meaning there). */
  private static final String LITERALS = "-_:/,=@#%~ ";

  /** One class or literal and its count. */
  private record Atom(long low, long high, int min, int max) {}

  private FixedShape(long[] low, long[] high, int min, int max, boolean run) {
    this.low = low;
    this.high = high;
    this.min = min;
    this.max = max;
    this.run = run;
  }

  /** The loop for {@code pattern}, or null when its shape is not one of the two (then the regex matches). */
  static FixedShape of(Pattern pattern) {
    if (pattern.flags() != 0) {
      return null;
    }
    try {
      return parse(pattern.pattern());
    } catch (IndexOutOfBoundsException | NumberFormatException e) {
      return null; // a shape this parser does not follow: the regex decides
    }
  }

  boolean matches(CharSequence value) {
    int length = value.length();
    if (length < min || length > max) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      int at = run ? 0 : i;
      if (c >= 128 || ((c < 64 ? low[at] >>> c : high[at] >>> (c - 64)) & 1) == 0) {
        return false;
      }
    }
    return true;
  }

  private static FixedShape parse(String regex) {
    if (!regex.startsWith("^") || !regex.endsWith("$") || regex.endsWith("\\$")) {
      return null;
    }
    List<Atom> atoms = new ArrayList<>();
    int i = 1;
    int end = regex.length() - 1;
    while (i < end) {
      long[] set = new long[2];
      char c = regex.charAt(i);
      if (c == '[') {
        i = parseClass(regex, i + 1, set);
        if (i < 0) {
          return null;
        }
      } else if (c == '\\') {
        char escaped = regex.charAt(i + 1);
        if (!isPunctuation(escaped)) {
          return null; // \d, \w, \Q, a back reference...: the regex's
        }
        add(set, escaped);
        i += 2;
      } else if (c < 128 && Character.isLetterOrDigit(c) || LITERALS.indexOf(c) >= 0) {
        add(set, c);
        i++;
      } else {
        return null; // . ( ) | * + ? { and the rest
      }
      int lo = 1;
      int hi = 1;
      if (i < end && regex.charAt(i) == '{') {
        int close = regex.indexOf('}', i);
        if (close < 0 || close > end) {
          return null;
        }
        String count = regex.substring(i + 1, close);
        int comma = count.indexOf(',');
        if (comma < 0) {
          lo = hi = Integer.parseInt(count);
        } else {
          lo = Integer.parseInt(count.substring(0, comma));
          hi = Integer.parseInt(count.substring(comma + 1)); // {n,} has no upper bound: NumberFormatException
        }
        if (lo < 0 || hi < lo || hi > 4096) {
          return null;
        }
        i = close + 1;
      }
      if (i < end && "*+?{".indexOf(regex.charAt(i)) >= 0) {
        return null; // a quantifier after the count (possessive, lazy) or a second one
      }
      atoms.add(new Atom(set[0], set[1], lo, hi));
    }
    if (atoms.size() == 1 && atoms.get(0).min() != atoms.get(0).max()) {
      Atom only = atoms.get(0);
      return new FixedShape(new long[] {only.low()}, new long[] {only.high()}, only.min(), only.max(), true);
    }
    int length = 0;
    for (Atom atom : atoms) {
      if (atom.min() != atom.max()) {
        return null; // a range beside other atoms would need backtracking to match as the regex does
      }
      length += atom.min();
    }
    long[] low = new long[length];
    long[] high = new long[length];
    int at = 0;
    for (Atom atom : atoms) {
      for (int k = 0; k < atom.min(); k++, at++) {
        low[at] = atom.low();
        high[at] = atom.high();
      }
    }
    return new FixedShape(low, high, length, length, false);
  }

  /** Parses a class body from {@code i} (after its '['); the index after its ']', or -1 for one not taken. */
  private static int parseClass(String regex, int i, long[] set) {
    if (regex.charAt(i) == '^' || regex.charAt(i) == ']') {
      return -1; // negated, or a leading ']' (a literal to Java): not taken
    }
    int start = i;
    while (regex.charAt(i) != ']') {
      char c = regex.charAt(i);
      if (c == '[' || c == '&') {
        return -1; // a nested class or an intersection
      }
      if (c == '\\') {
        char escaped = regex.charAt(i + 1);
        if (!isPunctuation(escaped)) {
          return -1;
        }
        c = escaped;
        i++;
      } else if (c >= 128 || c < 32) {
        return -1;
      }
      i++;
      boolean range = regex.charAt(i) == '-' && regex.charAt(i + 1) != ']';
      if (range && i > start) {
        char to = regex.charAt(i + 1);
        if (to == '\\' || to == '[' || to < c || to >= 128) {
          return -1;
        }
        for (char x = c; x <= to; x++) {
          add(set, x);
        }
        i += 2;
      } else {
        add(set, c);
      }
    }
    return i + 1;
  }

  private static boolean isPunctuation(char c) {
    return c < 128 && !Character.isLetterOrDigit(c) && c > 32;
  }

  private static void add(long[] set, char c) {
    if (c < 64) {
      set[0] |= 1L << c;
    } else {
      set[1] |= 1L << (c - 64);
    }
  }
}
