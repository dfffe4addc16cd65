package io.ctvgateway.profile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one profile file into a {@link DeclarativeProfile}, checking everything that can be checked before
 * the first request: unknown keys, regexes, table names, and that every template only reads variables its
 * format can set. The schema is documented in {@code device-profiles/README.md}.
 */
final class ProfileParser {
  /** {@code $schema} names the JSON Schema for editors (docs/device-profile.schema.json); the loader ignores it. */
  private static final Set<String> ROOT_KEYS = Set.of("$schema", "id", "osName", "defaultModel", "identifiers",
      "installKeyOrder", "osVersion", "tables", "headerUaPattern", "optOut", "examples");
  private static final Set<String> OPT_OUT_KEYS = Set.of("attRequiredFromOsMajor");
  private static final Set<String> OS_VERSION_KEYS = Set.of("formats", "placeholders", "deviceVersion");
  private static final Set<String> FORMAT_KEYS = Set.of("name", "description", "pattern", "defaults", "userAgents");
  private static final Pattern PROFILE_ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
  private static final Pattern OS_NAME = Pattern.compile("[A-Za-z0-9_.]+");
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

  private ProfileParser() {}

  /** The profile and its examples; the examples are parsed but not run. */
  static LoadedProfile parse(ProfileNode root) throws ProfileException {
    root.allowOnly(ROOT_KEYS);
    String id = root.string("id");
    if (!PROFILE_ID.matcher(id).matches()) {
      throw root.error("id", "must be lower-case letters, digits and '-', got '" + id + "'");
    }
    String osName = root.string("osName");
    if (!OS_NAME.matcher(osName).matches()) {
      // device_ver is split on '-' from the right: the OS name must not contain one.
      throw root.error("osName", "must be letters, digits, '_' or '.', without '-' or spaces, got '" + osName + "'");
    }
    String defaultModel = root.string("defaultModel");
    if (defaultModel.length() > DeclarativeProfile.MAX_MODEL_LENGTH) {
      throw root.error("defaultModel", "must be at most " + DeclarativeProfile.MAX_MODEL_LENGTH + " characters");
    }
    IdentifierSet identifiers = IdentifierParser.parse(root);
    Map<String, Map<String, String>> tables = tables(root.optObject("tables"));
    OsVersionRules osVersion = osVersion(root.object("osVersion"), tables);
    Pattern headerUa = root.optString("headerUaPattern") == null ? null : root.pattern("headerUaPattern");
    DeclarativeProfile profile = new DeclarativeProfile(id, osName, defaultModel.trim(), identifiers, osVersion,
        headerUa, optOut(root.optObject("optOut")));
    return new LoadedProfile(root.source(), profile, ExampleParser.parse(root));
  }

  private static OptOutRules optOut(ProfileNode node) throws ProfileException {
    if (node == null) {
      return OptOutRules.NONE;
    }
    node.allowOnly(OPT_OUT_KEYS);
    return new OptOutRules(node.optInt("attRequiredFromOsMajor", 1, 1000));
  }

  private static Map<String, Map<String, String>> tables(ProfileNode node) throws ProfileException {
    Map<String, Map<String, String>> tables = new LinkedHashMap<>();
    if (node == null) {
      return tables;
    }
    for (String name : node.keys()) {
      if (ProfileNode.COMMENT.equals(name)) {
        continue;
      }
      if (!VARIABLE.matcher(name).matches()) {
        throw node.error(name, "table names start with a letter and hold only letters, digits and _");
      }
      tables.put(name, Map.copyOf(node.object(name).stringMap()));
    }
    return tables;
  }

  private static OsVersionRules osVersion(ProfileNode node, Map<String, Map<String, String>> tables)
      throws ProfileException {
    node.allowOnly(OS_VERSION_KEYS);
    Template deviceVersion = template(node, "deviceVersion", node.string("deviceVersion"), tables);
    List<VersionFormat> formats = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (ProfileNode formatNode : node.objects("formats", true)) {
      VersionFormat format = format(formatNode, tables);
      if (!names.add(format.name())) {
        throw formatNode.error("name", "format name '" + format.name() + "' is used twice");
      }
      Set<String> missing = unset(deviceVersion, format);
      if (!missing.isEmpty()) {
        Set<String> known = new LinkedHashSet<>(format.groups());
        known.addAll(format.defaults().keySet());
        known.add(VersionFormat.RAW);
        throw node.error("deviceVersion", "reads " + missing + ", which format '" + format.name()
            + "' neither captures nor defaults; known in that format: " + known + " (a typo?), or add a default");
      }
      // A group the pattern may leave out, read by deviceVersion without a default: such a version (webOS "6.0"
      // for a {major}.{minor}.{patch}) would silently get no device_ver.
      for (String variable : deviceVersion.variables()) {
        if (VersionFormat.optionalGroups(format.pattern().pattern()).contains(variable)
            && !format.defaults().containsKey(variable)) {
          throw formatNode.error("defaults", "deviceVersion reads '" + variable + "', an optional group of format '"
              + format.name() + "' that has no default: a version without it would get no device_ver; add \""
              + variable + "\" to this format's defaults (e.g. \"" + variable + "\": \"0\")");
        }
      }
      formats.add(format);
    }
    return new OsVersionRules(formats, new HashSet<>(node.strings("placeholders", false)), deviceVersion);
  }

  private static VersionFormat format(ProfileNode node, Map<String, Map<String, String>> tables)
      throws ProfileException {
    node.allowOnly(FORMAT_KEYS);
    String name = node.string("name");
    String description = node.string("description");
    Pattern pattern = node.pattern("pattern");
    List<String> groups = VersionFormat.namedGroups(pattern);
    if (groups.contains(VersionFormat.RAW) || groups.contains(VersionFormat.MODEL)) {
      throw node.error("pattern", "the group names '" + VersionFormat.RAW + "' and '" + VersionFormat.MODEL
          + "' are reserved for the os_version and the model as sent");
    }
    // Variables known so far: the groups, raw, model (set only when sent), then each default in file order.
    Set<String> known = new LinkedHashSet<>(groups);
    known.add(VersionFormat.RAW);
    known.add(VersionFormat.MODEL);
    Map<String, Template> defaults = new LinkedHashMap<>();
    ProfileNode defaultsNode = node.optObject("defaults");
    if (defaultsNode != null) {
      for (Map.Entry<String, String> entry : defaultsNode.stringMap().entrySet()) {
        if (!VARIABLE.matcher(entry.getKey()).matches()) {
          throw defaultsNode.error(entry.getKey(), "variable names start with a letter and hold only letters, digits and _");
        }
        Template template = template(defaultsNode, entry.getKey(), entry.getValue(), tables);
        requireKnown(defaultsNode, entry.getKey(), template, known);
        defaults.put(entry.getKey(), template);
        known.add(entry.getKey());
      }
    }
    List<String> uaTexts = node.strings("userAgents", false);
    List<Template> userAgents = new ArrayList<>();
    for (int i = 0; i < uaTexts.size(); i++) {
      Template template = template(node, "userAgents[" + i + "]", uaTexts.get(i), tables);
      requireKnown(node, "userAgents[" + i + "]", template, known);
      userAgents.add(template);
    }
    return new VersionFormat(name, description, pattern, groups, defaults, userAgents);
  }

  private static Set<String> unset(Template template, VersionFormat format) {
    Set<String> missing = new LinkedHashSet<>(template.variables());
    missing.removeAll(format.groups());
    missing.removeAll(format.defaults().keySet());
    missing.remove(VersionFormat.RAW);
    return missing;
  }

  private static void requireKnown(ProfileNode node, String key, Template template, Set<String> known)
      throws ProfileException {
    for (String variable : template.variables()) {
      if (!known.contains(variable)) {
        throw node.error(key, "reads variable '" + variable + "', which is neither a group of the pattern nor an"
            + " earlier default; known: " + known);
      }
    }
  }

  private static Template template(ProfileNode node, String key, String text,
      Map<String, Map<String, String>> tables) throws ProfileException {
    try {
      return Template.parse(text, tables);
    } catch (IllegalArgumentException e) {
      throw node.error(key, e.getMessage());
    }
  }
}
