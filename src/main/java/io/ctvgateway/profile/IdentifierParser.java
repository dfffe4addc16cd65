package io.ctvgateway.profile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads a profile file's {@code identifiers} and {@code installKeyOrder} into an {@link IdentifierSet}. */
final class IdentifierParser {
  private static final Set<String> IDENTIFIER_KEYS =
      Set.of("name", "aliases", "kochavaKey", "advertising", "description", "formats", "placeholders",
          "optOutValues", "keyWhenLimited");
  private static final Set<String> FORMAT_KEYS = Set.of("pattern", "normalize");
  private static final Pattern ID_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
  private static final Pattern KOCHAVA_KEY = Pattern.compile("[a-z][a-z0-9_]*");

  private IdentifierParser() {}

  static IdentifierSet parse(ProfileNode root) throws ProfileException {
    List<IdentifierRule> rules = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> kochavaKeys = new HashSet<>();
    for (ProfileNode node : root.objects("identifiers", true)) {
      IdentifierRule rule = rule(node);
      List<String> all = withAliases(rule);
      for (int i = 0; i < all.size(); i++) {
        if (!names.add(all.get(i))) {
          throw node.error(i == 0 ? "name" : "aliases[" + (i - 1) + "]",
              "identifier name '" + all.get(i) + "' is already used by this or another identifier");
        }
      }
      if (!kochavaKeys.add(rule.kochavaKey())) {
        throw node.error("kochavaKey", "Kochava key '" + rule.kochavaKey() + "' is already used by another identifier");
      }
      rules.add(rule);
    }

    List<String> order = root.strings("installKeyOrder", true);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < order.size(); i++) {
      String name = order.get(i);
      if (rules.stream().noneMatch(rule -> rule.name().equals(name))) {
        throw root.error("installKeyOrder[" + i + "]", "'" + name + "' is not the name of a declared identifier"
            + " (aliases are not allowed here)");
      }
      if (!seen.add(name)) {
        throw root.error("installKeyOrder[" + i + "]", "'" + name + "' is listed twice");
      }
    }
    return new IdentifierSet(rules, order);
  }

  private static IdentifierRule rule(ProfileNode node) throws ProfileException {
    node.allowOnly(IDENTIFIER_KEYS);
    String name = name(node, "name", node.string("name"));
    List<String> aliases = node.strings("aliases", false);
    for (int i = 0; i < aliases.size(); i++) {
      name(node, "aliases[" + i + "]", aliases.get(i));
    }
    String kochavaKey = node.string("kochavaKey");
    if (!KOCHAVA_KEY.matcher(kochavaKey).matches()) {
      throw node.error("kochavaKey", "must be lower-case letters, digits and _, got '" + kochavaKey + "'");
    }
    List<IdentifierRule.Format> formats = new ArrayList<>();
    for (ProfileNode format : node.objects("formats", true)) {
      formats.add(format(format));
    }
    Set<String> placeholders = new HashSet<>();
    for (String placeholder : node.strings("placeholders", false)) {
      placeholders.add(IdentifierRule.canonical(placeholder));
    }
    boolean advertising = node.bool("advertising", false);
    List<String> optOut = node.strings("optOutValues", false);
    Set<String> optOutValues = new HashSet<>();
    for (int i = 0; i < optOut.size(); i++) {
      String canonical = IdentifierRule.canonical(optOut.get(i));
      if (!advertising) {
        throw node.error("optOutValues", "only an advertising identifier (\"advertising\": true) can have"
            + " opt-out values; '" + name + "' is not one");
      }
      if (placeholders.contains(canonical)) {
        throw node.error("optOutValues[" + i + "]", "'" + optOut.get(i) + "' is also a placeholder; a value is"
            + " either rejected (placeholders) or an opt-out (optOutValues), not both");
      }
      optOutValues.add(canonical);
    }
    boolean keyWhenLimited = node.bool("keyWhenLimited", false);
    if (keyWhenLimited && !advertising) {
      throw node.error("keyWhenLimited", "only an advertising identifier (\"advertising\": true) can be kept as"
          + " the install key under limit tracking; '" + name + "' is always a key candidate");
    }
    return new IdentifierRule(name, aliases, kochavaKey, advertising, node.string("description"), formats,
        placeholders, optOutValues, keyWhenLimited);
  }

  private static IdentifierRule.Format format(ProfileNode node) throws ProfileException {
    node.allowOnly(FORMAT_KEYS);
    Pattern pattern = node.pattern("pattern");
    List<String> names = node.strings("normalize", false);
    List<Normalization> steps = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String step = names.get(i);
      var normalization = Normalization.fromJson(step);
      if (normalization.isEmpty()) {
        throw node.error("normalize[" + i + "]", "unknown normalization '" + step + "'; known: lower, upper, strip-dashes");
      }
      steps.add(normalization.get());
    }
    return new IdentifierRule.Format(pattern, steps);
  }

  private static String name(ProfileNode node, String key, String name) throws ProfileException {
    if (!ID_NAME.matcher(name).matches()) {
      throw node.error(key, "must start with a letter and hold only letters, digits and _, got '" + name + "'");
    }
    return name;
  }

  private static List<String> withAliases(IdentifierRule rule) {
    List<String> all = new ArrayList<>();
    all.add(rule.name());
    all.addAll(rule.aliases());
    return all;
  }
}
