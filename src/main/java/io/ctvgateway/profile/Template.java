package io.ctvgateway.profile;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A string with placeholders, as profile files write them: {@code {name}} inserts a variable,
 * {@code {table[name]}} inserts the entry of a lookup table keyed by a variable. Braces are reserved: none of
 * the user agents we synthesise contains one.
 *
 * <p>Rendering is all or nothing: when a variable is unset or a table has no entry for its key, the template
 * does not render at all ({@link Optional#empty()}). Profiles use that to list several templates, most
 * specific first (the first one that renders wins), and to let a table's key set decide which versions get a
 * user agent.
 */
final class Template {
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)(?:\\[([A-Za-z][A-Za-z0-9_]*)])?}");

  /** A literal (variable null), a variable, or a table lookup keyed by a variable (table non-null). */
  private record Part(String literal, String variable, Map<String, String> table) {}

  private final String text;
  private final List<Part> parts;
  private final Set<String> variables;

  private Template(String text, List<Part> parts, Set<String> variables) {
    this.text = text;
    this.parts = List.copyOf(parts);
    this.variables = Set.copyOf(variables);
  }

  /**
   * Parses {@code text}; table names must be keys of {@code tables}.
   *
   * @throws IllegalArgumentException naming the rule broken, for the caller to place in its file and path
   */
  static Template parse(String text, Map<String, Map<String, String>> tables) {
    List<Part> parts = new ArrayList<>();
    Set<String> variables = new LinkedHashSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    int at = 0;
    while (m.find()) {
      parts.add(literal(text, text.substring(at, m.start())));
      if (m.group(2) == null) {
        parts.add(new Part(null, m.group(1), null));
        variables.add(m.group(1));
      } else {
        Map<String, String> table = tables.get(m.group(1));
        if (table == null) {
          throw new IllegalArgumentException("unknown table '" + m.group(1) + "' in '" + text
              + "'; declared tables are " + tables.keySet());
        }
        parts.add(new Part(null, m.group(2), table));
        variables.add(m.group(2));
      }
      at = m.end();
    }
    parts.add(literal(text, text.substring(at)));
    return new Template(text, parts, variables);
  }

  private static Part literal(String text, String literal) {
    if (literal.indexOf('{') >= 0 || literal.indexOf('}') >= 0) {
      throw new IllegalArgumentException("stray brace in '" + text
          + "'; placeholders are {name} or {table[name]} with names made of letters, digits and _");
    }
    return new Part(literal, null, null);
  }

  /** The variables this template reads, directly or as table keys. */
  Set<String> variables() {
    return variables;
  }

  /** Renders with {@code vars}, or empty when a variable is unset or a table has no entry for its key. */
  Optional<String> render(Map<String, String> vars) {
    StringBuilder out = new StringBuilder(text.length() + 32);
    for (Part part : parts) {
      if (part.variable() == null) {
        out.append(part.literal());
        continue;
      }
      String value = vars.get(part.variable());
      if (value != null && part.table() != null) {
        value = part.table().get(value);
      }
      if (value == null) {
        return Optional.empty();
      }
      out.append(value);
    }
    return Optional.of(out.toString());
  }

  @Override
  public String toString() {
    return text;
  }
}
