package org.obd.train.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.obd.core.Echo;

/**
 * What a config record accepts, read from its components' Java types: the key names (kebab-case
 * of the component names, or a {@link JsonProperty} name), the shape of each value, and the
 * config names of enum constants ({@code PER_LAYER} is {@code per-layer}, or its {@link
 * JsonProperty} name). {@link #check} walks a YAML tree in document order against a type, so
 * that the first unknown key or ill-typed value reported is the first in the file.
 *
 * <p>Value shapes: integers ({@code int}, {@code long}, {@code short}, {@code byte}, boxed, and
 * {@code BigInteger}) take YAML integers in range, never {@code 2.5} or {@code '2'}; numbers
 * ({@code double}, {@code float}, boxed, {@code BigDecimal}) take integers and floats; booleans
 * only {@code true}/{@code false}; strings only text (an unquoted {@code 42} is a number, not a
 * string); enums their config names; records and {@code Map}s mappings; collections and arrays
 * lists; {@code Object} anything. Other types are left to Jackson.
 */
final class Schema {

  /** The shape of a value. */
  enum Kind { INTEGER, NUMBER, BOOLEAN, STRING, ENUM, LIST, RECORD, MAP, ANY, OTHER }

  private static final PropertyNamingStrategies.KebabCaseStrategy KEBAB =
      new PropertyNamingStrategies.KebabCaseStrategy();

  private static final Pattern LOOKS_SCALAR =
      Pattern.compile("[-+]?(\\d[\\d_]*\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?|true|false");

  private static final ClassValue<Map<String, RecordComponent>> COMPONENTS =
      new ClassValue<>() {
        @Override
        protected Map<String, RecordComponent> computeValue(Class<?> type) {
          Map<String, RecordComponent> m = new LinkedHashMap<>();
          for (RecordComponent c : type.getRecordComponents()) {
            m.put(key(c), c);
          }
          return Collections.unmodifiableMap(m);
        }
      };

  private Schema() {}

  /** Key → component of a record, in component order. */
  static Map<String, RecordComponent> components(Class<?> record) {
    return COMPONENTS.get(record);
  }

  /** The config key of a record component. */
  static String key(RecordComponent c) {
    JsonProperty p = jsonProperty(c);
    return p != null && !p.value().isEmpty() ? p.value() : KEBAB.translate(c.getName());
  }

  private static JsonProperty jsonProperty(RecordComponent c) {
    // @JsonProperty does not target record components; javac puts it on the field
    try {
      return c.getDeclaringRecord().getDeclaredField(c.getName()).getAnnotation(JsonProperty.class);
    } catch (NoSuchFieldException e) {
      return null;
    }
  }

  /** The config name of an enum constant. */
  static String configName(Enum<?> e) {
    try {
      JsonProperty p = e.getDeclaringClass().getField(e.name()).getAnnotation(JsonProperty.class);
      if (p != null && !p.value().isEmpty()) {
        return p.value();
      }
    } catch (NoSuchFieldException impossible) {
      // every constant is a public field
    }
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The config names of an enum's constants, in declaration order. */
  static List<String> names(Class<?> enumType) {
    List<String> names = new ArrayList<>();
    for (Object c : enumType.getEnumConstants()) {
      names.add(configName((Enum<?>) c));
    }
    return names;
  }

  /** The constant with this config name, or null. */
  static Enum<?> constant(Class<?> enumType, String name) {
    for (Object c : enumType.getEnumConstants()) {
      if (configName((Enum<?>) c).equals(name)) {
        return (Enum<?>) c;
      }
    }
    return null;
  }

  static Class<?> raw(Type t) {
    if (t instanceof Class<?> c) {
      return c;
    }
    if (t instanceof ParameterizedType p) {
      return raw(p.getRawType());
    }
    if (t instanceof WildcardType w) {
      return raw(w.getUpperBounds()[0]);
    }
    if (t instanceof TypeVariable<?> v) {
      return raw(v.getBounds()[0]);
    }
    if (t instanceof GenericArrayType) {
      return Object[].class;
    }
    return Object.class;
  }

  static Kind kind(Type t) {
    Class<?> c = raw(t);
    if (c == int.class || c == Integer.class || c == long.class || c == Long.class
        || c == short.class || c == Short.class || c == byte.class || c == Byte.class
        || c == BigInteger.class) {
      return Kind.INTEGER;
    }
    if (c == double.class || c == Double.class || c == float.class || c == Float.class
        || c == BigDecimal.class) {
      return Kind.NUMBER;
    }
    if (c == boolean.class || c == Boolean.class) {
      return Kind.BOOLEAN;
    }
    if (c == String.class) {
      return Kind.STRING;
    }
    if (c.isEnum()) {
      return Kind.ENUM;
    }
    if (c.isRecord()) {
      return Kind.RECORD;
    }
    if (c.isArray() || Collection.class.isAssignableFrom(c)) {
      return Kind.LIST;
    }
    if (Map.class.isAssignableFrom(c)) {
      return Kind.MAP;
    }
    return c == Object.class ? Kind.ANY : Kind.OTHER;
  }

  /** The element type of a list, the value type of a map; {@code Object} when not declared. */
  static Type element(Type t) {
    if (t instanceof GenericArrayType g) {
      return g.getGenericComponentType();
    }
    if (t instanceof Class<?> c && c.isArray()) {
      return c.getComponentType();
    }
    if (t instanceof ParameterizedType p) {
      Type[] args = p.getActualTypeArguments();
      return args[args.length - 1];
    }
    return Object.class;
  }

  /** What a value of this type is, for messages: {@code an integer}, {@code one of a, b}. */
  static String expected(Type t) {
    return switch (kind(t)) {
      case INTEGER -> "an integer";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean (true or false)";
      case STRING -> "a string";
      case ENUM -> "one of " + String.join(", ", names(raw(t)));
      case LIST -> "a list";
      case RECORD, MAP -> "a mapping";
      case ANY -> "a value";
      case OTHER -> "a " + raw(t).getSimpleName().toLowerCase(Locale.ROOT);
    };
  }

  /** The top level must be a mapping: an empty document or a list or scalar is an error. */
  static void checkRoot(Document doc, Class<?> type) {
    String keys = "expected a mapping with keys " + String.join(", ", components(type).keySet());
    if (doc.root.isMissingNode()) {
      throw new ConfigException(new Position(doc.source, 1, 1), "", "nothing to read; " + keys);
    }
    if (!doc.root.isObject()) {
      throw new ConfigException(doc.locate(""), "", keys + ", found " + found(doc, "", doc.root));
    }
  }

  /**
   * An unknown key or ill-typed value found by {@link #check}: key {@code name} (or item {@code
   * index}, when {@code name} is null) of {@code parent}, whose dotted key is {@code parentKey}.
   *
   * @param known whether the entry is one the record has (an ill-typed value), not an unknown key
   */
  record Problem(
      ConfigException error, JsonNode parent, String parentKey, String name, int index,
      boolean known) {}

  /**
   * Checks a value and everything below it against a type, in document order, collecting every
   * unknown key and ill-typed value below it (but nothing below an ill-typed value).
   *
   * @return the value's own problem if it is ill-typed (for the caller to collect), else null
   */
  static ConfigException check(
      Document doc, String key, JsonNode node, Type type, List<Problem> problems) {
    if (node.isNull()) {
      // absent: the record's default; a primitive has none, a list item is never absent
      return raw(type).isPrimitive() ? mismatch(doc, key, node, type) : null;
    }
    Kind kind = kind(type);
    boolean ok = switch (kind) {
      case RECORD, MAP -> node.isObject();
      case LIST -> node.isArray();
      case INTEGER -> node.isIntegralNumber();
      case NUMBER -> node.isNumber();
      case BOOLEAN -> node.isBoolean();
      case STRING -> node.isTextual();
      case ENUM -> node.isTextual() && constant(raw(type), node.textValue()) != null;
      case ANY, OTHER -> true; // anything, or Jackson's to judge
    };
    if (!ok) {
      return mismatch(doc, key, node, type);
    }
    if (kind == Kind.INTEGER && !inRange(node.bigIntegerValue(), raw(type))) {
      return new ConfigException(
          doc.locate(key), key,
          "expected an integer from " + bound(raw(type), false) + " to "
              + bound(raw(type), true) + ", found " + doc.raw(key, node));
    }
    if (kind == Kind.RECORD || kind == Kind.MAP) {
      Map<String, RecordComponent> components =
          kind == Kind.RECORD ? components(raw(type)) : null;
      for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String child = Document.child(key, e.getKey());
        RecordComponent c = components == null ? null : components.get(e.getKey());
        if (components != null && c == null) {
          problems.add(new Problem(
              unknownKey(doc.keyPosition(child), key, e.getKey(), raw(type)),
              node, key, e.getKey(), -1, false));
          continue;
        }
        Type childType = c == null ? element(type) : c.getGenericType();
        ConfigException bad = check(doc, child, e.getValue(), childType, problems);
        if (bad != null) {
          problems.add(new Problem(bad, node, key, e.getKey(), -1, true));
        }
      }
    } else if (kind == Kind.LIST) {
      for (int i = 0; i < node.size(); i++) {
        String item = Document.item(key, i);
        JsonNode value = node.get(i);
        ConfigException bad = value.isNull()
            ? mismatch(doc, item, value, element(type))
            : check(doc, item, value, element(type), problems);
        if (bad != null) {
          problems.add(new Problem(bad, node, key, null, i, true));
        }
      }
    }
    return null;
  }

  private static boolean inRange(BigInteger v, Class<?> c) {
    return bound(c, false) == null
        || (v.compareTo(bound(c, false)) >= 0 && v.compareTo(bound(c, true)) <= 0);
  }

  /** The smallest or largest value of an integer type; null for {@code BigInteger}. */
  private static BigInteger bound(Class<?> c, boolean max) {
    long v;
    if (c == int.class || c == Integer.class) {
      v = max ? Integer.MAX_VALUE : Integer.MIN_VALUE;
    } else if (c == long.class || c == Long.class) {
      v = max ? Long.MAX_VALUE : Long.MIN_VALUE;
    } else if (c == short.class || c == Short.class) {
      v = max ? Short.MAX_VALUE : Short.MIN_VALUE;
    } else if (c == byte.class || c == Byte.class) {
      v = max ? Byte.MAX_VALUE : Byte.MIN_VALUE;
    } else {
      return null;
    }
    return BigInteger.valueOf(v);
  }

  static ConfigException unknownKey(Position at, String key, String name, Class<?> record) {
    var valid = components(record).keySet();
    return new ConfigException(
        at, key,
        "unknown key '" + name + "'; "
            + (valid.isEmpty() ? "it takes no keys" : "valid keys: " + String.join(", ", valid)));
  }

  static ConfigException mismatch(Document doc, String key, JsonNode node, Type type) {
    String problem = "expected " + expected(type) + ", found " + found(doc, key, node);
    Kind k = kind(type);
    if (node.isTextual()
        && (k == Kind.INTEGER || k == Kind.NUMBER || k == Kind.BOOLEAN)
        && LOOKS_SCALAR.matcher(node.textValue().strip()).matches()) {
      problem += " (in quotes, so text; remove the quotes)";
    } else if ((node.isNumber() || node.isBoolean()) && k == Kind.STRING) {
      problem += " (not text; put it in quotes)";
    }
    return new ConfigException(doc.locate(key), key, problem);
  }

  /** {@code 'ten'}, {@code 2.5}, {@code a list}, {@code a mapping}, {@code nothing}. */
  static String found(Document doc, String key, JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return "nothing";
    }
    if (node.isObject()) {
      return "a mapping";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isTextual()) {
      return Echo.quote(node.textValue());
    }
    return Echo.abbreviate(doc.raw(key, node));
  }
}
