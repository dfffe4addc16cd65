package io.ctvgateway.profile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One way a platform writes its OS version: a full-match regex with named groups, defaults for variables the
 * regex did not capture, and the user-agent templates this format can feed.
 *
 * <p>Variables after a match: every named group that took part in the match, {@code raw} (the os_version as
 * sent, trimmed), {@code model} (the model as sent, trimmed; unset when the client sent none), then each
 * default in file order for variables still unset. A default is a {@link Template}
 * itself, so it may derive a value from a table ({@code "major": "{releaseByYear[year]}"}); a default that
 * does not render leaves its variable unset.
 *
 * @param name short name, for error messages and logs
 * @param description what this format accepts, listed in the error when no format matches
 * @param pattern the full-match regex
 * @param groups the pattern's named groups
 * @param defaults variable to template, applied in order when the variable is unset
 * @param userAgents user-agent templates, first that renders wins; empty when this format gives no UA
 */
record VersionFormat(
    String name,
    String description,
    Pattern pattern,
    List<String> groups,
    Map<String, Template> defaults,
    List<Template> userAgents) {

  /** The variable holding the os_version as the client sent it. */
  static final String RAW = "raw";
  /** The variable holding the model as the client sent it (unset when it sent none). */
  static final String MODEL = "model";

  private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

  VersionFormat {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(pattern, "pattern");
    groups = List.copyOf(groups);
    defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
    userAgents = List.copyOf(userAgents);
  }

  /** Named groups of a regex (Java 17 has no {@code Pattern.namedGroups()}). */
  static List<String> namedGroups(Pattern pattern) {
    Matcher m = GROUP_NAME.matcher(pattern.pattern());
    return m.results().map(r -> r.group(1)).distinct().toList();
  }

  /**
   * The named groups of {@code regex} that a match may leave unset: inside a group quantified to allow zero
   * ({@code ?}, {@code *}, <code>{0,n}</code>), in one branch of an alternation, or inside a lookaround. A
   * structural read of the pattern (escapes, {@code \Q…\E} and character classes skipped), not a match: what
   * matters is whether a version in this format can leave the group out.
   */
  static Set<String> optionalGroups(String regex) {
    Set<String> optional = new java.util.HashSet<>();
    java.util.Deque<Frame> open = new java.util.ArrayDeque<>();
    Frame top = new Frame(false);
    int i = 0;
    int n = regex.length();
    while (i < n) {
      char c = regex.charAt(i);
      Frame current = open.isEmpty() ? top : open.peek();
      if (c == '\\') {
        if (i + 1 < n && regex.charAt(i + 1) == 'Q') {
          int end = regex.indexOf("\\E", i + 2);
          i = end < 0 ? n : end + 2;
        } else {
          i += 2;
        }
      } else if (c == '[') {
        i = skipClass(regex, i);
      } else if (c == '(') {
        boolean lookaround = regex.startsWith("(?=", i) || regex.startsWith("(?!", i)
            || regex.startsWith("(?<=", i) || regex.startsWith("(?<!", i);
        Frame frame = new Frame(lookaround);
        Matcher name = GROUP_NAME.matcher(regex).region(i, n);
        if (name.lookingAt()) {
          frame.own = name.group(1);
        }
        open.push(frame);
        i++;
      } else if (c == '|') {
        current.alternation = true;
        i++;
      } else if (c == ')' && !open.isEmpty()) {
        Frame frame = open.pop();
        i++;
        boolean zero = i < n && (regex.charAt(i) == '?' || regex.charAt(i) == '*'
            || regex.startsWith("{0}", i) || regex.startsWith("{0,", i));
        // Its own alternation leaves the branches' groups out, never the group itself: (?<major>[1-9]|1[01]).
        if (frame.alternation) {
          optional.addAll(frame.names);
        }
        if (frame.own != null) {
          frame.names.add(frame.own);
        }
        if (zero || frame.lookaround) {
          optional.addAll(frame.names);
        }
        (open.isEmpty() ? top : open.peek()).names.addAll(frame.names);
      } else {
        i++;
      }
    }
    if (top.alternation) {
      optional.addAll(top.names);
    }
    return optional;
  }

  /** A group being read by {@link #optionalGroups}: its own name, and the names declared in it so far. */
  private static final class Frame {
    /** Groups nested in it, not its own name. */
    final List<String> names = new ArrayList<>();
    final boolean lookaround;
    String own;
    boolean alternation;

    Frame(boolean lookaround) {
      this.lookaround = lookaround;
    }
  }

  /** The index after the character class opening at {@code start} (nested classes and escapes included). */
  private static int skipClass(String regex, int start) {
    int depth = 0;
    int i = start;
    while (i < regex.length()) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i += 2;
        continue;
      }
      if (c == '[') {
        depth++;
        if (i + 1 < regex.length() && regex.charAt(i + 1) == '^') {
          i++;
        }
        if (i + 1 < regex.length() && regex.charAt(i + 1) == ']') {
          i++; // a ']' first in a class is a literal
        }
      } else if (c == ']') {
        depth--;
        if (depth == 0) {
          return i + 1;
        }
      }
      i++;
    }
    return i;
  }

  /**
   * The variables of a matched version, or empty when {@code raw} is not in this format.
   *
   * @param model the model as sent, trimmed, or null
   */
  Optional<Map<String, String>> match(String raw, String model) {
    Matcher m = pattern.matcher(raw);
    if (!m.matches()) {
      return Optional.empty();
    }
    Map<String, String> vars = new LinkedHashMap<>();
    for (String group : groups) {
      String value = m.group(group);
      if (value != null) {
        vars.put(group, value);
      }
    }
    vars.put(RAW, raw);
    if (model != null) {
      vars.put(MODEL, model);
    }
    defaults.forEach((variable, template) -> {
      if (!vars.containsKey(variable)) {
        template.render(vars).ifPresent(value -> vars.put(variable, value));
      }
    });
    return Optional.of(vars);
  }

  /** The first user agent that renders from {@code vars}, or empty. */
  Optional<String> userAgent(Map<String, String> vars) {
    for (Template template : userAgents) {
      Optional<String> ua = template.render(vars);
      if (ua.isPresent()) {
        return ua;
      }
    }
    return Optional.empty();
  }
}
