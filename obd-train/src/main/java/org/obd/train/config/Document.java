package org.obd.train.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A YAML tree with the position of every key and value, both addressed by dotted key ({@code
 * pruning.strategies[1].name}; {@code ""} is the top level). Built by {@link YamlReader}, changed
 * by {@link Overrides}, read by the checks, the binder and {@link ConfigLocations}.
 */
final class Document {

  final String source;
  JsonNode root = MissingNode.getInstance();
  /** Position of each mapping key. */
  final Map<String, Position> keys = new HashMap<>();
  /** Position of each value (for a block mapping, its first key; for a list, its first item). */
  final Map<String, Position> values = new HashMap<>();
  /** The text of each scalar as written ({@code 1.10}, not {@code 1.1}). */
  final Map<String, String> raw = new HashMap<>();
  /** The keys whose values are mappings or lists. */
  final Set<String> containers = new HashSet<>();

  Document(String source) {
    this.source = source;
  }

  /**
   * Where to point at a key's problem: the key itself for a mapping or list value, the value for
   * a scalar; for an absent key, the nearest enclosing key that is present.
   */
  Position locate(String key) {
    Position k = keys.get(key);
    if (k != null && containers.contains(key)) {
      return k;
    }
    Position v = values.get(key);
    if (v != null) {
      return v;
    }
    if (k != null) {
      return k;
    }
    return key.isEmpty() ? new Position(source, 0, 0) : locate(parent(key));
  }

  /**
   * For a problem with a mapping or list as a whole (a record's constructor rejecting a
   * combination of its keys), located at its key in the file: {@code " (with --set a.b=1)"}, the
   * overrides that set keys below it, since the file's line alone would not show them; {@code ""}
   * when none did or the container itself came from an override.
   */
  String overridesBelow(String key) {
    if (!containers.contains(key) || locate(key).line() == 0) {
      return "";
    }
    Set<String> sets = new java.util.TreeSet<>();
    for (Map.Entry<String, Position> e : keys.entrySet()) {
      Position p = e.getValue();
      if (!e.getKey().equals(key) && isUnder(e.getKey(), key) && p.line() == 0
          && p.source().startsWith(Overrides.SOURCE)) {
        sets.add(p.source());
      }
    }
    return sets.isEmpty() ? "" : " (with " + String.join(", ", sets) + ")";
  }

  /** The position of a key (not its value); for an absent key, {@link #locate} of its parent. */
  Position keyPosition(String key) {
    Position k = keys.get(key);
    return k != null ? k : key.isEmpty() ? locate(key) : locate(parent(key));
  }

  /** The scalar's text as written, else the node's own text. */
  String raw(String key, JsonNode node) {
    String r = raw.get(key);
    return r != null ? r : node.asText();
  }

  /** Forgets the positions of a key and everything below it. */
  void forget(String key) {
    for (Map<String, ?> m : List.of(keys, values, raw)) {
      m.keySet().removeIf(k -> isUnder(k, key));
    }
    containers.removeIf(k -> isUnder(k, key));
  }

  static boolean isUnder(String k, String key) {
    if (key.isEmpty()) {
      return true;
    }
    return k.equals(key)
        || (k.startsWith(key) && (k.charAt(key.length()) == '.' || k.charAt(key.length()) == '['));
  }

  /** {@code a.b} for key {@code b} in {@code a}; {@code b} at the top level. */
  static String child(String parent, String key) {
    return parent.isEmpty() ? key : parent + "." + key;
  }

  /** {@code a[3]}. */
  static String item(String parent, int index) {
    return parent + "[" + index + "]";
  }

  /** {@code a.b} for {@code a.b.c} and for {@code a.b[2]}; {@code ""} for {@code a}. */
  static String parent(String key) {
    if (key.endsWith("]")) {
      return key.substring(0, key.lastIndexOf('['));
    }
    int dot = key.lastIndexOf('.');
    return dot < 0 ? "" : key.substring(0, dot);
  }

  /** Appends a relative dotted key ({@code ""}, {@code [0]}, {@code b.c}) to {@code base}. */
  static String rebase(String base, String relative) {
    if (relative.isEmpty()) {
      return base;
    }
    return relative.startsWith("[") ? base + relative : child(base, relative);
  }
}
