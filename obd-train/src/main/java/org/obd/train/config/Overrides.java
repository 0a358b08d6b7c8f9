package org.obd.train.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.obd.core.Echo;

/**
 * Applies {@code key.path=value} overrides (the command line's {@code --set}) to a document
 * before it is checked and bound.
 *
 * <ul>
 *   <li>The key is dotted, with list items in brackets: {@code training.epochs}, {@code
 *       pruning.strategies[0].name}. Each key must be one the record at that level has (the error
 *       names the valid ones); list items must exist.
 *   <li>A mapping on the way that the file does not have is created (so {@code
 *       training.epochs=5} works in a file without {@code training:}).
 *   <li>The value is YAML: a scalar ({@code 5}, {@code 1e-3}, {@code true}, {@code obd}), or a flow
 *       list or mapping ({@code [1, 2]}, {@code {name: sgd}}); it replaces the whole value at the
 *       key. An empty value is null: the key takes its default.
 * </ul>
 *
 * <p>Errors, and errors later found in an overridden value, name the override instead of a file
 * line: {@code --set training.epochs=ten: training.epochs: expected an integer, found 'ten'}.
 */
final class Overrides {

  /** How an override's position names it: {@code --set key=value}. */
  static final String SOURCE = "--set ";

  private Overrides() {}

  static void apply(Document doc, Class<?> rootType, List<String> overrides) {
    for (String o : overrides) {
      apply(doc, rootType, o);
    }
  }

  private static void apply(Document doc, Class<?> rootType, String text) {
    Position at = new Position(SOURCE + Echo.abbreviate(text), 0, 0);
    int eq = text.indexOf('=');
    if (eq < 0) {
      throw new ConfigException(at, "", "expected key=value, e.g. training.epochs=5");
    }
    String path = text.substring(0, eq).strip();
    List<Object> segments = segments(path);
    if (segments == null) {
      throw new ConfigException(
          at, "", "malformed key '" + path + "'; write keys as a.b.c and list items as a[0]");
    }
    Document value;
    try {
      value = YamlReader.read(text.substring(eq + 1), at.source());
    } catch (ConfigException e) {
      throw new ConfigException(at, path, e.problem());
    }
    JsonNode node = doc.root;
    Type type = rootType;
    String key = "";
    for (int i = 0; i < segments.size(); i++) {
      boolean last = i == segments.size() - 1;
      if (segments.get(i) instanceof String name) {
        Type childType = keyType(at, key, type, name);
        if (!(node instanceof ObjectNode mapping)) {
          throw new ConfigException(
              at, key, "has no key '" + name + "': expected a mapping, found "
                  + Schema.found(doc, key, node));
        }
        String child = Document.child(key, name);
        if (last) {
          mapping.set(name, replace(doc, child, value, at));
          doc.keys.put(child, at);
          return;
        }
        JsonNode next = mapping.get(name);
        if ((next == null || next.isNull()) && segments.get(i + 1) instanceof String) {
          Schema.Kind k = Schema.kind(childType);
          if (k == Schema.Kind.RECORD || k == Schema.Kind.MAP || k == Schema.Kind.ANY) {
            next = mapping.putObject(name);
            doc.keys.put(child, at);
            doc.values.put(child, at);
            doc.containers.add(child);
          }
        }
        node = next;
        type = childType;
        key = child;
      } else {
        int index = (Integer) segments.get(i);
        Schema.Kind k = Schema.kind(type);
        if (k != Schema.Kind.LIST && k != Schema.Kind.ANY) {
          throw new ConfigException(
              at, key, "has no item [" + index + "]: it is " + Schema.expected(type));
        }
        if (!(node instanceof ArrayNode list)) {
          throw new ConfigException(
              at, key, "has no item [" + index + "]: expected a list, found "
                  + Schema.found(doc, key, node));
        }
        if (index >= list.size()) {
          throw new ConfigException(
              at, key, "has no item [" + index + "]; "
                  + (list.isEmpty() ? "the list is empty" : "the list has " + list.size()
                      + (list.size() == 1 ? " item, [0]" : " items, [0] to [" + (list.size() - 1)
                          + "]")));
        }
        String item = Document.item(key, index);
        if (last) {
          list.set(index, replace(doc, item, value, at));
          return;
        }
        node = list.get(index);
        type = Schema.element(type);
        key = item;
      }
    }
  }

  /** The type of a key's value, if the value at {@code key} has such a key. */
  private static Type keyType(Position at, String key, Type type, String name) {
    switch (Schema.kind(type)) {
      case RECORD -> {
        RecordComponent c = Schema.components(Schema.raw(type)).get(name);
        if (c == null) {
          throw Schema.unknownKey(at, key, name, Schema.raw(type));
        }
        return c.getGenericType();
      }
      case MAP -> {
        return Schema.element(type);
      }
      case ANY -> {
        return Object.class;
      }
      default -> throw new ConfigException(
          at, key, "has no key '" + name + "': it is " + Schema.expected(type));
    }
  }

  /** The new value, its positions (all the override's) registered under {@code key}. */
  private static JsonNode replace(Document doc, String key, Document value, Position at) {
    doc.forget(key);
    for (String k : value.values.keySet()) {
      doc.values.put(Document.rebase(key, k), at);
    }
    for (String k : value.keys.keySet()) {
      doc.keys.put(Document.rebase(key, k), at);
    }
    for (Map.Entry<String, String> e : value.raw.entrySet()) {
      doc.raw.put(Document.rebase(key, e.getKey()), e.getValue());
    }
    for (String k : value.containers) {
      doc.containers.add(Document.rebase(key, k));
    }
    if (value.root.isMissingNode()) {
      doc.values.put(key, at);
      return JsonNodeFactory.instance.nullNode();
    }
    return value.root;
  }

  /** {@code a.b[2].c} → {@code ["a", "b", 2, "c"]}; null if malformed. */
  static List<Object> segments(String path) {
    List<Object> out = new ArrayList<>();
    int i = 0;
    int n = path.length();
    while (i < n) {
      char ch = path.charAt(i);
      if (ch == '[') {
        int close = path.indexOf(']', i);
        if (close < 0 || out.isEmpty()) {
          return null;
        }
        String digits = path.substring(i + 1, close);
        if (!digits.matches("\\d{1,9}")) {
          return null;
        }
        out.add(Integer.parseInt(digits));
        i = close + 1;
      } else {
        if (ch == '.') {
          if (out.isEmpty()) {
            return null;
          }
          i++;
        } else if (!out.isEmpty()) {
          return null; // a name right after ']' without a dot
        }
        int end = i;
        while (end < n && path.charAt(end) != '.' && path.charAt(end) != '[') {
          end++;
        }
        if (end == i || path.substring(i, end).contains("]")) {
          return null;
        }
        out.add(path.substring(i, end));
        i = end;
      }
    }
    return out.isEmpty() ? null : out;
  }
}
