package org.obd.train.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleDeserializers;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.module.SimpleSerializers;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Jackson's part: binds a checked tree to records ({@link #bind}) and writes records back as YAML
 * ({@link #WRITER}), with kebab-case keys and enum names, and translates Jackson's exceptions
 * (above all a compact constructor's, wrapped in a {@link ValueInstantiationException}) into
 * located {@link ConfigException}s.
 *
 * <p>The reading mapper is strict on its own (unknown keys, float → integer, string → number or
 * boolean, number or boolean → string all fail), although {@link Schema#check} has normally
 * rejected such values with a better position before Jackson sees them.
 */
final class Binder {

  /** Enum constants by config name, doubles by {@link Double#toString} or {@code .inf}/{@code .nan}. */
  private static final SimpleModule MODULE = new SimpleModule("obd-config");

  static {
    MODULE.setDeserializers(
        new SimpleDeserializers() {
          @Override
          public JsonDeserializer<?> findEnumDeserializer(
              Class<?> type, DeserializationConfig config, BeanDescription description) {
            return new EnumDeserializer(type);
          }
        });
    MODULE.setSerializers(
        new SimpleSerializers() {
          @Override
          public JsonSerializer<?> findSerializer(
              SerializationConfig config, JavaType type, BeanDescription description) {
            if (type.isEnumType()) {
              return new EnumSerializer();
            }
            Class<?> c = type.getRawClass();
            if (c == Double.class || c == double.class || c == Float.class || c == float.class) {
              return new FloatingSerializer();
            }
            return super.findSerializer(config, type, description);
          }
        });
  }

  static final ObjectMapper READER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .withCoercionConfig(LogicalType.Integer, c -> c
              .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
              .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
          .withCoercionConfig(LogicalType.Float, c -> c
              .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
          .withCoercionConfig(LogicalType.Boolean, c -> c
              .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
              .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
          .withCoercionConfig(LogicalType.Textual, c -> c
              .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
              .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
              .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
          .addModule(MODULE)
          .build();

  static final ObjectMapper WRITER =
      YAMLMapper.builder(
              YAMLFactory.builder()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                  .stringQuotingChecker(new QuoteUnlessPlain())
                  .build())
          .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
          .addModule(MODULE)
          .build();

  private Binder() {}

  /**
   * Binds a checked tree to a record type.
   *
   * @throws ConfigException for a compact constructor's complaint, or anything Jackson rejects,
   *     with the position of the key concerned
   */
  static <R> R bind(Document doc, Class<R> type) {
    try {
      return READER.treeToValue(doc.root, type);
    } catch (JsonMappingException e) {
      throw translate(doc, e);
    } catch (JsonProcessingException e) { // not seen: the tree is checked and well formed
      throw new ConfigException(
          doc.locate(""), "", "cannot be bound to " + type.getSimpleName(), null, e);
    }
  }

  /**
   * Binds a tree only to see whether a record's compact constructor complains.
   *
   * @param changed paths of the records whose complaints are to be ignored
   * @return the first complaint of a record not in {@code changed}, or null if there is none
   *     (binding succeeded, or failed otherwise)
   */
  static ConfigException constructorProblem(Document doc, Class<?> type, Set<String> changed) {
    try {
      READER.treeToValue(doc.root, type);
      return null;
    } catch (ValueInstantiationException e) {
      return changed.contains(dotted(e.getPath())) ? null : translate(doc, e);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static String dotted(List<JsonMappingException.Reference> path) {
    String at = "";
    for (JsonMappingException.Reference r : path) {
      at = r.getFieldName() != null
          ? Document.child(at, r.getFieldName()) : Document.item(at, r.getIndex());
    }
    return at;
  }

  private static ConfigException translate(Document doc, JsonMappingException e) {
    String at = dotted(e.getPath());
    JsonNode node = doc.root;
    for (JsonMappingException.Reference r : e.getPath()) {
      if (node != null) {
        node = r.getFieldName() != null ? node.get(r.getFieldName()) : node.get(r.getIndex());
      }
    }
    if (e instanceof ValueInstantiationException v) {
      return fromConstructor(doc, at, node, v.getType().getRawClass(), v.getCause());
    }
    if (e instanceof UnrecognizedPropertyException u) {
      String parent = Document.parent(at);
      return Schema.unknownKey(
          doc.keyPosition(at), parent, u.getPropertyName(), u.getReferringClass());
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null && node != null) {
      return Schema.mismatch(doc, at, node, m.getTargetType());
    }
    return new ConfigException(
        doc.locate(at), at, "invalid value, found " + Schema.found(doc, at, node), null, e);
  }

  /** A compact constructor's exception, at the key it names (relative to the record at {@code at}). */
  private static ConfigException fromConstructor(
      Document doc, String at, JsonNode node, Class<?> record, Throwable cause) {
    if (!(cause instanceof ConfigException c)) {
      String message = cause == null || cause.getMessage() == null
          ? "invalid (the record gives no reason)" : cause.getMessage();
      return new ConfigException(
          doc.locate(at), at, message + doc.overridesBelow(at), null, cause);
    }
    String key = Document.rebase(at, c.key());
    if (c.missingKey() != null) {
      JsonNode written = node == null ? null : node.get(c.missingKey());
      if (written != null) { // written with no value: point at it
        String child = Document.child(key, c.missingKey());
        RecordComponent rc = record.isRecord()
            ? Schema.components(record).get(c.missingKey()) : null;
        return new ConfigException(
            doc.locate(child), child,
            "expected " + (rc == null ? "a value" : Schema.expected(rc.getGenericType()))
                + ", found nothing",
            null, c);
      }
    }
    return new ConfigException(
        doc.locate(key), key, c.problem() + doc.overridesBelow(key), c.missingKey(), c);
  }

  /** Reads an enum constant by its config name only. */
  private static final class EnumDeserializer extends StdScalarDeserializer<Object> {
    private final Class<?> type;

    EnumDeserializer(Class<?> type) {
      super(type);
      this.type = type;
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        return ctxt.handleUnexpectedToken(type, p);
      }
      Enum<?> e = Schema.constant(type, p.getText());
      return e != null
          ? e
          : ctxt.handleWeirdStringValue(
              type, p.getText(), "expected one of %s", String.join(", ", Schema.names(type)));
    }
  }

  /** Writes an enum constant's config name. */
  private static final class EnumSerializer extends StdScalarSerializer<Object> {
    EnumSerializer() {
      super(Object.class);
    }

    @Override
    public void serialize(Object value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeString(Schema.configName((Enum<?>) value));
    }
  }

  /** Writes doubles and floats so that they read back bit-identically. */
  private static final class FloatingSerializer extends StdScalarSerializer<Object> {
    FloatingSerializer() {
      super(Object.class);
    }

    @Override
    public void serialize(Object value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d)) {
        gen.writeNumber(".nan");
      } else if (Double.isInfinite(d)) {
        gen.writeNumber(d > 0 ? ".inf" : "-.inf");
      } else {
        gen.writeNumber(value instanceof Float f ? Float.toString(f) : Double.toString(d));
      }
    }
  }

  /**
   * Leaves a string unquoted only when it cannot read back as anything else: a letter or
   * {@code _} or {@code /} first, then letters, digits and {@code _ . / -}, and not a word YAML
   * reads as a boolean or null.
   */
  private static final class QuoteUnlessPlain extends StringQuotingChecker {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/][A-Za-z0-9_./-]*");
    private static final Set<String> WORDS =
        Set.of("true", "false", "yes", "no", "on", "off", "y", "n", "null");

    @Override
    public boolean needToQuoteName(String name) {
      return StringQuotingChecker.Default.instance().needToQuoteName(name);
    }

    @Override
    public boolean needToQuoteValue(String value) {
      return needsQuotes(value);
    }
  }

  /** Whether a string must be quoted in YAML to read back as the same string. */
  static boolean needsQuotes(String value) {
    return !QuoteUnlessPlain.PLAIN.matcher(value).matches()
        || QuoteUnlessPlain.WORDS.contains(value.toLowerCase(Locale.ROOT))
        || StringQuotingChecker.Default.instance().needToQuoteValue(value);
  }
}
