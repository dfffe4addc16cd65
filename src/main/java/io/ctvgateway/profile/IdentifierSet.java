package io.ctvgateway.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A profile's identifiers: maps the names a client used to identifier rules, validates and normalizes the
 * values, applies the platform's opt-out (limit tracking), and picks the install key.
 *
 * <p>Order of checks, so that the first error reported is the most fundamental: unknown names (sorted, so
 * the answer is deterministic), then the same identifier sent twice, then each identifier's value in the
 * profile's declared order, then whether any install-key identifier is left.
 *
 * <p>Limit tracking applies when {@code lat} is true, when the caller says ATT forbids advertising ids, or when
 * an advertising id holds one of its {@code optOutValues} (the all-zero GAID/IDFA). Then every advertising id
 * is dropped before any check: never validated, forwarded or used as the install key.
 */
final class IdentifierSet {

  /** The outcome: Kochava {@code device_ids} in declared order, the install key, and whether tracking is limited. */
  record Resolved(Map<String, String> deviceIds, InstallKey installKey, boolean limitTracking) {}

  private final List<IdentifierRule> rules;
  /** Each accepted name (native names and aliases) to its rule's position in {@link #rules}. */
  private final Map<String, Integer> byName;
  /** The install-key order, as positions in {@link #rules}. */
  private final int[] installKeyPositions;

  /** Rules in declared order; {@code installKeyOrder} lists native names of some of them. */
  IdentifierSet(List<IdentifierRule> rules, List<String> installKeyOrder) {
    this.rules = List.copyOf(rules);
    Map<String, Integer> names = new HashMap<>();
    for (int i = 0; i < this.rules.size(); i++) {
      IdentifierRule rule = this.rules.get(i);
      Integer position = i;
      names.put(rule.name(), position);
      rule.aliases().forEach(alias -> names.put(alias, position));
    }
    this.byName = Map.copyOf(names);
    this.installKeyPositions = installKeyOrder.stream()
        .mapToInt(name -> Objects.requireNonNull(names.get(name), () -> "installKeyOrder names unknown " + name))
        .toArray();
  }

  /** The native name of the identifier forwarded under {@code kochavaKey}, if any. */
  java.util.Optional<String> nameOfKochavaKey(String kochavaKey) {
    return rules.stream().filter(rule -> rule.kochavaKey().equals(kochavaKey)).map(IdentifierRule::name).findFirst();
  }

  /**
   * @param lat the client's limit-ad-tracking flag
   * @param attDenied the profile's ATT rule forbids advertising ids for this request
   */
  Resolved resolve(Map<String, String> ids, boolean lat, boolean attDenied) {
    // By the rule's position: the name each rule was sent as, then its normalized value. Arrays of a profile's
    // handful of rules, where maps keyed by rule were two maps and their tables per install.
    String[] sentAs = new String[rules.size()];
    // In name order, so that which of two bad names an error names does not depend on the body's order; sorted
    // as an array of the one to three names a device sends rather than copied into a TreeMap.
    String[] names = ids.keySet().toArray(new String[0]);
    if (names.length > 1) {
      Arrays.sort(names);
    }
    for (String key : names) {
      Integer position = byName.get(key);
      if (position == null) {
        throw new InvalidDeviceException("unknown_id", "ids." + key, "ids." + key
            + " is not an identifier of this platform; accepted: " + acceptedNames());
      }
      String earlier = sentAs[position];
      if (earlier != null) {
        String name = rules.get(position).name();
        throw new InvalidDeviceException("invalid_value", "ids." + name, "ids." + name
            + " was sent twice, as ids." + earlier + " and ids." + key + "; send it once");
      }
      sentAs[position] = key;
    }

    String why = lat ? "lat is true" : attDenied ? "ATT is not authorized" : optedOut(ids, sentAs);
    boolean limitTracking = why != null;

    Map<String, String> deviceIds = new LinkedHashMap<>();
    String[] normal = new String[sentAs.length];
    for (int i = 0; i < sentAs.length; i++) {
      String key = sentAs[i];
      if (key == null) {
        continue;
      }
      IdentifierRule rule = rules.get(i);
      if (limitTracking && rule.advertising()) {
        // Dropped before any check; or, for a platform that has no other id, kept as the key only (never sent).
        if (rule.keyWhenLimited() && !rule.isOptOut(ids.get(key))) {
          normal[i] = rule.normalize(key, ids.get(key));
        }
        continue;
      }
      String value = rule.normalize(key, ids.get(key));
      deviceIds.put(rule.kochavaKey(), value);
      normal[i] = value;
    }

    for (int position : installKeyPositions) {
      String value = normal[position];
      if (value != null) {
        return new Resolved(deviceIds, new InstallKey(rules.get(position).name(), value), limitTracking);
      }
    }
    throw noUsableId(why);
  }

  /** Why tracking is limited by an opt-out value ("ids.gaid is its opt-out value ..."), or null. */
  private String optedOut(Map<String, String> ids, String[] sentAs) {
    for (int i = 0; i < sentAs.length; i++) {
      IdentifierRule rule = rules.get(i);
      String key = sentAs[i];
      if (key != null && rule.advertising() && rule.isOptOut(ids.get(key))) {
        return "ids." + rule.name() + " is its opt-out value " + Quoted.of(ids.get(key));
      }
    }
    return null;
  }

  private InvalidDeviceException noUsableId(String limitedBecause) {
    List<String> fields = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
    for (int position : installKeyPositions) {
      IdentifierRule rule = rules.get(position);
      fields.add("ids." + rule.name());
      if (limitedBecause != null && rule.advertising()) {
        dropped.add("ids." + rule.name());
      }
    }
    String message = "no usable install identifier: send one of " + String.join(", ", fields);
    if (!dropped.isEmpty()) {
      message += " (" + String.join(", ", dropped) + " is an advertising id and is not used when " + limitedBecause + ")";
    }
    return new InvalidDeviceException("no_usable_id", "ids", message);
  }

  private String acceptedNames() {
    List<String> names = new ArrayList<>();
    for (IdentifierRule rule : rules) {
      names.add(rule.name());
      names.addAll(rule.aliases());
    }
    return String.join(", ", names);
  }
}
