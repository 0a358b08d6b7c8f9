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
   * Checks a value and everything below it against a type, in document order.
   *
   * @throws ConfigException for the first unknown key or ill-typed value
   */
  static void check(Document doc, String key, JsonNode node, Type type) {
    if (node.isNull()) {
      if (raw(type).isPrimitive()) {
        throw mismatch(doc, key, node, type);
      }
      return; // absent: the record's default
    }
    switch (kind(type)) {
      case RECORD -> {
        if (!node.isObject()) {
          throw mismatch(doc, key, node, type);
        }
        Map<String, RecordComponent> components = components(raw(type));
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          String child = Document.child(key, e.getKey());
          RecordComponent c = components.get(e.getKey());
          if (c == null) {
            throw unknownKey(doc.keyPosition(child), key, e.getKey(), raw(type));
          }
          check(doc, child, e.getValue(), c.getGenericType());
        }
      }
      case MAP -> {
        if (!node.isObject()) {
          throw mismatch(doc, key, node, type);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          check(doc, Document.child(key, e.getKey()), e.getValue(), element(type));
        }
      }
      case LIST -> {
        if (!node.isArray()) {
          throw mismatch(doc, key, node, type);
        }
        for (int i = 0; i < node.size(); i++) {
          String item = Document.item(key, i);
          if (node.get(i).isNull()) {
            throw mismatch(doc, item, node.get(i), element(type));
          }
          check(doc, item, node.get(i), element(type));
        }
      }
      case INTEGER -> {
        if (!node.isIntegralNumber()) {
          throw mismatch(doc, key, node, type);
        }
        checkRange(doc, key, node, raw(type));
      }
      case NUMBER -> {
        if (!node.isNumber()) {
          throw mismatch(doc, key, node, type);
        }
      }
      case BOOLEAN -> {
        if (!node.isBoolean()) {
          throw mismatch(doc, key, node, type);
        }
      }
      case STRING -> {
        if (!node.isTextual()) {
          throw mismatch(doc, key, node, type);
        }
      }
      case ENUM -> {
        if (!node.isTextual() || constant(raw(type), node.textValue()) == null) {
          throw mismatch(doc, key, node, type);
        }
      }
      case ANY, OTHER -> {
        // anything, or Jackson's to judge
      }
    }
  }

  static ConfigException unknownKey(Position at, String key, String name, Class<?> record) {
    var valid = components(record).keySet();
    return new ConfigException(
        at, key,
        "unknown key '" + name + "'; "
            + (valid.isEmpty() ? "it takes no keys" : "valid keys: " + String.join(", ", valid)));
  }

  private static void checkRange(Document doc, String key, JsonNode node, Class<?> c) {
    long min;
    long max;
    if (c == int.class || c == Integer.class) {
      min = Integer.MIN_VALUE;
      max = Integer.MAX_VALUE;
    } else if (c == long.class || c == Long.class) {
      min = Long.MIN_VALUE;
      max = Long.MAX_VALUE;
    } else if (c == short.class || c == Short.class) {
      min = Short.MIN_VALUE;
      max = Short.MAX_VALUE;
    } else if (c == byte.class || c == Byte.class) {
      min = Byte.MIN_VALUE;
      max = Byte.MAX_VALUE;
    } else {
      return;
    }
    BigInteger v = node.bigIntegerValue();
    if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
      throw new ConfigException(
          doc.locate(key), key,
          "expected an integer from " + min + " to " + max + ", found " + doc.raw(key, node));
    }
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
      return "'" + node.textValue() + "'";
    }
    return doc.raw(key, node);
  }
}
