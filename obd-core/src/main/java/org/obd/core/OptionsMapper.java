package org.obd.core;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Maps an {@code options:} block onto a {@link Descriptor}'s options record with Jackson:
 * kebab-case keys, defaults for missing keys, unknown keys and ill-typed values as errors naming
 * the key and what was expected ({@link OptionsException}).
 */
final class OptionsMapper {

  private static final PropertyNamingStrategies.KebabCaseStrategy KEBAB =
      new PropertyNamingStrategies.KebabCaseStrategy();

  /** Configured once, never reconfigured: a constant, not shared mutable state. */
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .build();

  private OptionsMapper() {}

  static List<String> keys(Class<? extends Record> type) {
    return Arrays.stream(type.getRecordComponents())
        .map(c -> KEBAB.translate(c.getName()))
        .collect(Collectors.toList());
  }

  /** Key → value of a record, kebab-case keys in component order. */
  static Map<String, Object> toMap(Record options) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (RecordComponent c : options.getClass().getRecordComponents()) {
      try {
        m.put(KEBAB.translate(c.getName()), c.getAccessor().invoke(options));
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException(
            "options record " + options.getClass().getName() + " must be public with public"
                + " accessors; reading '" + c.getName() + "' failed: " + e,
            e);
      }
    }
    return m;
  }

  /**
   * The options record for {@code values} over {@code defaults}.
   *
   * @throws OptionsException whose {@link OptionsException#detail()} names the key and what was
   *     expected
   */
  static <O extends Record> O map(O defaults, Map<String, ?> values) {
    @SuppressWarnings("unchecked")
    Class<O> type = (Class<O>) defaults.getClass();
    List<String> keys = keys(type);
    Map<String, Object> merged = toMap(defaults);
    if (values != null) {
      for (Map.Entry<String, ?> e : values.entrySet()) {
        if (!keys.contains(e.getKey())) {
          throw new OptionsException(
              "unknown option " + Echo.quote(e.getKey()) + "; "
                  + (keys.isEmpty()
                      ? "it takes no options"
                      : "valid options: " + String.join(", ", keys)),
              e.getKey(),
              null);
        }
        merged.put(e.getKey(), e.getValue());
      }
    }
    try {
      return MAPPER.convertValue(merged, type);
    } catch (IllegalArgumentException e) {
      throw explain(type, merged, e);
    }
  }

  private static OptionsException explain(
      Class<? extends Record> type, Map<String, Object> merged, IllegalArgumentException e) {
    Throwable t = e;
    while (t != null && !(t instanceof JsonMappingException)) {
      t = t.getCause();
    }
    if (t instanceof ValueInstantiationException vie && vie.getCause() != null) {
      return new OptionsException(vie.getCause().getMessage(), null, e);
    }
    if (t instanceof MismatchedInputException mie && !mie.getPath().isEmpty()) {
      String key = mie.getPath().get(mie.getPath().size() - 1).getFieldName();
      Object found = merged.get(key);
      return new OptionsException(
          "option '" + key + "' must be " + expected(type, key) + ", found " + describe(found),
          key, e);
    }
    return new OptionsException(
        "the options could not be read (valid options: " + String.join(", ", keys(type)) + "): "
            + e.getMessage(),
        null,
        e);
  }

  private static String expected(Class<? extends Record> type, String key) {
    for (RecordComponent c : type.getRecordComponents()) {
      if (KEBAB.translate(c.getName()).equals(key)) {
        return expected(c.getType());
      }
    }
    return "a value of the declared type";
  }

  static String expected(Class<?> t) {
    if (t == boolean.class || t == Boolean.class) {
      return "a boolean (true or false)";
    }
    if (t == int.class || t == Integer.class || t == long.class || t == Long.class) {
      return "an integer";
    }
    if (t == double.class || t == Double.class || t == float.class || t == Float.class) {
      return "a number";
    }
    if (t == String.class) {
      return "a string";
    }
    if (t.isEnum()) {
      List<String> names = new ArrayList<>();
      for (Object c : t.getEnumConstants()) {
        names.add(c.toString());
      }
      return "one of " + String.join(", ", names);
    }
    return "a " + t.getSimpleName();
  }

  private static String describe(Object v) {
    if (v == null) {
      return "nothing (null)";
    }
    if (v instanceof String s) {
      return Echo.quote(s);
    }
    return v + " (" + v.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + ")";
  }
}
