package org.obd.train.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Generates the reference table of a config's keys from its records, and keeps a Markdown file's
 * copy of it honest.
 *
 * <p>One row per key, depth first in component order: the dotted key ({@code pruning.step.scope};
 * list elements as {@code pruning.strategies[].name}), its type ({@code integer}, {@code number},
 * {@code boolean}, {@code string}, {@code one of a \| b}, {@code list of …}, {@code mapping}), its
 * default or {@code required}, and its {@link Doc} description.
 *
 * <p>Defaults come from the records themselves: the generator binds an empty mapping to each
 * record type; when the record reports a {@link Check#required missing key}, that key is
 * required, and the generator adds an example for it (its {@link Doc#example()}, a minimal
 * mapping for a record, the first constant of an enum, {@code false}) and binds again. The
 * defaults are then the components of the record so bound. A nested record's rows show the
 * defaults of that record type when its mapping is written with only its required keys.
 */
public final class ConfigDocs {

  private ConfigDocs() {}

  /**
   * The Markdown table of a root record's keys.
   *
   * @throws IllegalStateException if a record's defaults cannot be found (a required scalar
   *     without {@link Doc#example()}, or a record that rejects the minimal mapping)
   */
  public static String markdownTable(Class<? extends Record> root) {
    StringBuilder b = new StringBuilder();
    b.append("| key | type | default | description |\n");
    b.append("|-----|------|---------|-------------|\n");
    rows(root, "", b, new ArrayDeque<>());
    return b.toString();
  }

  /**
   * Fails when the table between two marker lines of a Markdown file is not {@link
   * #markdownTable} of {@code root}; for a test, so that the documentation cannot drift from the
   * records.
   *
   * @throws AssertionError naming the file, the first differing line and the table expected
   */
  public static void assertUpToDate(
      Path markdown, String beginMarker, String endMarker, Class<? extends Record> root) {
    String text = read(markdown);
    int[] span = span(markdown, text, beginMarker, endMarker);
    String found = text.substring(span[0], span[1]).strip();
    String expected = markdownTable(root).strip();
    if (found.equals(expected)) {
      return;
    }
    List<String> f = found.lines().toList();
    List<String> e = expected.lines().toList();
    int i = 0;
    while (i < f.size() && i < e.size() && f.get(i).equals(e.get(i))) {
      i++;
    }
    throw new AssertionError(
        markdown + ": the key table between '" + beginMarker + "' and '" + endMarker
            + "' is out of date with " + root.getSimpleName() + "; first difference at table line "
            + (i + 1) + ":\n  found:    " + (i < f.size() ? f.get(i) : "(end of table)")
            + "\n  expected: " + (i < e.size() ? e.get(i) : "(end of table)")
            + "\nRegenerate it with ConfigDocs.update, or replace it by:\n" + expected);
  }

  /**
   * Replaces what is between two marker lines of a Markdown file by {@link #markdownTable}, with
   * a blank line before and after it; the rest of the file is kept.
   */
  public static void update(
      Path markdown, String beginMarker, String endMarker, Class<? extends Record> root) {
    String text = read(markdown);
    int[] span = span(markdown, text, beginMarker, endMarker);
    String updated =
        text.substring(0, span[0]) + "\n" + markdownTable(root) + "\n" + text.substring(span[1]);
    try {
      Files.writeString(markdown, updated);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path markdown) {
    try {
      return Files.readString(markdown).replace("\r\n", "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** From the end of the begin marker's line to the start of the end marker's line. */
  private static int[] span(Path markdown, String text, String begin, String end) {
    int b = text.indexOf(begin);
    int e = b < 0 ? -1 : text.indexOf(end, b + begin.length());
    if (b < 0 || e < 0) {
      throw new AssertionError(
          markdown + ": marker '" + (b < 0 ? begin : end) + "' not found"
              + (b < 0 ? "" : " after '" + begin + "'"));
    }
    int lineEnd = text.indexOf('\n', b);
    int start = lineEnd < 0 || lineEnd > e ? b + begin.length() : lineEnd + 1;
    int stop = text.lastIndexOf('\n', e) < start ? e : text.lastIndexOf('\n', e) + 1;
    return new int[] {start, stop};
  }

  private static void rows(Class<?> type, String prefix, StringBuilder b, Deque<Class<?>> stack) {
    if (stack.contains(type)) {
      return; // a record that contains itself: its keys are listed once, above
    }
    stack.push(type);
    Minimal minimal = minimal(type);
    for (RecordComponent c : type.getRecordComponents()) {
      String key = Schema.key(c);
      String dotted = prefix.isEmpty() ? key : prefix + "." + key;
      Type t = c.getGenericType();
      Doc doc = c.getAnnotation(Doc.class);
      String def = minimal.required.contains(key)
          ? "required" : defaultOf(t, get(c, minimal.value));
      b.append("| `").append(dotted).append("` | ").append(cell(typeWord(t)))
          .append(" | ").append(cell(def))
          .append(" | ").append(cell(doc == null ? "" : doc.value())).append(" |\n");
      Type element = Schema.element(t);
      switch (Schema.kind(t)) {
        case RECORD -> {
          if (documented(Schema.raw(t))) {
            rows(Schema.raw(t), dotted, b, stack);
          }
        }
        case LIST -> {
          if (Schema.kind(element) == Schema.Kind.RECORD) {
            rows(Schema.raw(element), dotted + "[]", b, stack);
          }
        }
        case MAP -> {
          if (Schema.kind(element) == Schema.Kind.RECORD) {
            rows(Schema.raw(element), dotted + ".<name>", b, stack);
          }
        }
        default -> {
          // a leaf
        }
      }
    }
    stack.pop();
  }

  /**
   * Whether a record documents its own components ({@link Doc} on any of them). A record from
   * another module has none, and may check its keys together (exactly one of two): it is
   * documented as one value, its default written inline, its keys described by the component
   * that holds it.
   */
  private static boolean documented(Class<?> record) {
    for (RecordComponent c : record.getRecordComponents()) {
      if (c.getAnnotation(Doc.class) != null) {
        return true;
      }
    }
    return false;
  }

  private static String defaultOf(Type t, Object value) {
    if (value == null) {
      return "none";
    }
    if (value instanceof Record r && documented(r.getClass())
        && r.equals(minimal(Schema.raw(t)).value)
        && minimal(Schema.raw(t)).required.isEmpty()) {
      return "`{}`";
    }
    return "`" + inline(value) + "`";
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }

  /** The type column: {@code integer}, {@code list of strings}, {@code one of a | b}. */
  static String typeWord(Type t) {
    return switch (Schema.kind(t)) {
      case INTEGER -> "integer";
      case NUMBER -> "number";
      case BOOLEAN -> "boolean";
      case STRING -> "string";
      case ENUM -> "one of " + String.join(" | ", Schema.names(Schema.raw(t)));
      case RECORD -> "mapping";
      case LIST -> "list of " + plural(Schema.element(t));
      case MAP -> Schema.kind(Schema.element(t)) == Schema.Kind.ANY
          ? "mapping" : "mapping of " + plural(Schema.element(t));
      case ANY -> "any";
      case OTHER -> Schema.raw(t).getSimpleName().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static String plural(Type t) {
    String w = typeWord(t);
    return switch (Schema.kind(t)) {
      case ENUM -> "(" + w + ")";
      case LIST -> "lists" + w.substring("list".length());
      case MAP -> "mappings" + w.substring("mapping".length());
      case ANY -> "values";
      default -> w + "s";
    };
  }

  /** A value as inline YAML, as {@link YamlConfig#write} would read it back. */
  static String inline(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Record r) {
      return Schema.components(r.getClass()).entrySet().stream()
          .map(e -> e.getKey() + ": " + inline(get(e.getValue(), r)))
          .collect(Collectors.joining(", ", "{", "}"));
    }
    if (v instanceof Map<?, ?> m) {
      return m.entrySet().stream()
          .map(e -> e.getKey() + ": " + inline(e.getValue()))
          .collect(Collectors.joining(", ", "{", "}"));
    }
    if (v instanceof Collection<?> c) {
      return c.stream().map(ConfigDocs::inline).collect(Collectors.joining(", ", "[", "]"));
    }
    if (v.getClass().isArray()) {
      List<String> items = new ArrayList<>();
      for (int i = 0; i < Array.getLength(v); i++) {
        items.add(inline(Array.get(v, i)));
      }
      return "[" + String.join(", ", items) + "]";
    }
    if (v instanceof Enum<?> e) {
      return Schema.configName(e);
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      return Double.isNaN(d) ? ".nan" : Double.isInfinite(d) ? (d > 0 ? ".inf" : "-.inf")
          : v.toString();
    }
    if (v instanceof String s) {
      return Binder.needsQuotes(s) ? "'" + s.replace("'", "''") + "'" : s;
    }
    return v.toString();
  }

  private static Object get(RecordComponent c, Object record) {
    Method m = c.getAccessor();
    try {
      m.setAccessible(true);
      return m.invoke(record);
    } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
      throw new IllegalStateException(
          "cannot read " + c.getDeclaringRecord().getSimpleName() + "." + c.getName() + ": " + e,
          e);
    }
  }

  /** A record type bound from its smallest valid mapping, and the keys that mapping needed. */
  private record Minimal(ObjectNode mapping, Record value, Set<String> required) {}

  private static final ClassValue<Minimal> MINIMAL =
      new ClassValue<>() {
        @Override
        protected Minimal computeValue(Class<?> type) {
          return findMinimal(type);
        }
      };

  private static Minimal minimal(Class<?> type) {
    return MINIMAL.get(type);
  }

  @SuppressWarnings("unchecked")
  private static Minimal findMinimal(Class<?> type) {
    Map<String, RecordComponent> components = Schema.components(type);
    ObjectNode mapping = JsonNodeFactory.instance.objectNode();
    Set<String> required = new LinkedHashSet<>();
    while (true) {
      Document doc = new Document("defaults of " + type.getSimpleName());
      doc.root = mapping.deepCopy();
      try {
        Record r = YamlConfig.bind(doc, (Class<? extends Record>) type);
        return new Minimal(mapping, r, Set.copyOf(required));
      } catch (ConfigException e) {
        String k = e.missingKey();
        if (k == null || !e.key().isEmpty() || !components.containsKey(k)
            || !required.add(k)) {
          throw new IllegalStateException(
              "cannot find the defaults of " + type.getSimpleName() + ": bound to " + mapping
                  + " it says '" + (e.key().isEmpty() ? "" : e.key() + ": ") + e.problem()
                  + "'; required keys need a @Doc(example = ...)"
                  + " that the record accepts", e);
        }
        mapping.set(k, example(type, components.get(k)));
      }
    }
  }

  private static JsonNode example(Class<?> type, RecordComponent c) {
    Doc doc = c.getAnnotation(Doc.class);
    if (doc != null && !doc.example().isEmpty()) {
      return YamlReader.read(
          doc.example(), "@Doc example of " + type.getSimpleName() + "." + c.getName()).root;
    }
    Type t = c.getGenericType();
    Type element = Schema.element(t);
    switch (Schema.kind(t)) {
      case RECORD:
        return minimal(Schema.raw(t)).mapping;
      case LIST:
        if (Schema.kind(element) == Schema.Kind.RECORD) {
          return JsonNodeFactory.instance.arrayNode().add(minimal(Schema.raw(element)).mapping);
        }
        break;
      case ENUM:
        return JsonNodeFactory.instance.textNode(Schema.names(Schema.raw(t)).get(0));
      case BOOLEAN:
        return JsonNodeFactory.instance.booleanNode(false);
      default:
        break;
    }
    throw new IllegalStateException(
        type.getSimpleName() + "." + c.getName() + " is required: give it"
            + " @Doc(example = \"...\") so that the defaults of " + type.getSimpleName()
            + " can be documented");
  }
}
