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
    requireOneNormalForm(node, formats);
    return new IdentifierRule(name, aliases, kochavaKey, advertising, node.string("description"), formats,
        placeholders, optOutValues, keyWhenLimited);
  }

  /** Hex, long enough for every probe; a UUID's 32 digits are its first 32. */
  private static final String HEX = "a1b2c3d4e5f60718293a4b5c6d7e8f90fedcba9876543210a1b2c3d4e5f60718";
  private static final String DIGITS = "1234567890123456789012345678901234567890123456789012345678901234";

  /**
   * Two formats of one identifier must end in the same normal form, or one device written two ways (upper and
   * lower case, with and without dashes) gets two install keys and is installed twice. Checked by probing: hex,
   * digit and mixed-case values of common lengths, each written in every case and with and without UUID dashes,
   * go through the first format that accepts them; two writings of one value (equal ignoring case and dashes)
   * that different formats bring to different normal forms are a load error. One format is its author's rule
   * (a case-sensitive id keeps its case); only disagreement between formats is a mistake.
   */
  private static void requireOneNormalForm(ProfileNode node, List<IdentifierRule.Format> formats)
      throws ProfileException {
    if (formats.size() < 2) {
      return;
    }
    List<String> seeds = new ArrayList<>();
    for (int length : new int[] {8, 10, 12, 16, 20, 24, 32, 40, 48, 64}) {
      seeds.add(HEX.substring(0, length));
      seeds.add(DIGITS.substring(0, length));
    }
    seeds.add("A1b2C3d4E5f6A7b8C9d0E1f2A3b4C5d6");
    java.util.Map<String, String[]> seen = new java.util.HashMap<>(); // canonical -> {format index, value, normal}
    for (String seed : seeds) {
      for (String value : writings(seed)) {
        int index = -1;
        for (int i = 0; i < formats.size() && index < 0; i++) {
          if (formats.get(i).matches(value)) {
            index = i;
          }
        }
        if (index < 0) {
          continue;
        }
        String normal = value;
        for (Normalization step : formats.get(index).normalize()) {
          normal = step.apply(normal);
        }
        String[] earlier = seen.putIfAbsent(IdentifierRule.canonical(value),
            new String[] {Integer.toString(index), value, normal});
        if (earlier != null && Integer.parseInt(earlier[0]) != index && !earlier[2].equals(normal)) {
          throw node.error("formats[" + index + "]", "normalizes \"" + value + "\" to \"" + normal + "\", but formats["
              + earlier[0] + "] normalizes \"" + earlier[1] + "\", the same id written another way, to \""
              + earlier[2] + "\": one device would get two install keys; give every format normalize steps that end"
              + " in one normal form (the same case, and strip-dashes on all or none)");
        }
      }
    }
  }

  /** A value as devices might write it: as is, lower, upper, without dashes, and as a dashed UUID. */
  private static List<String> writings(String seed) {
    List<String> out = new ArrayList<>();
    String bare = seed.replace("-", "");
    for (String base : new String[] {seed, bare, uuid(bare)}) {
      if (base != null) {
        out.add(base);
        out.add(base.toLowerCase(java.util.Locale.ROOT));
        out.add(base.toUpperCase(java.util.Locale.ROOT));
      }
    }
    return out;
  }

  private static String uuid(String hex32) {
    if (hex32.length() != 32) {
      return null;
    }
    return hex32.substring(0, 8) + "-" + hex32.substring(8, 12) + "-" + hex32.substring(12, 16) + "-"
        + hex32.substring(16, 20) + "-" + hex32.substring(20);
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
