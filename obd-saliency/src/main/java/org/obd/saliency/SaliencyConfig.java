package org.obd.saliency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The YAML-facing choice of a strategy:
 *
 * <pre>{@code
 * name: obd
 * options:
 *   hessian: exact
 *   gradient-term: true
 * plugins: [org.example.MyMeasureModule]
 * }</pre>
 *
 * @param name the strategy's config name (see {@code obd strategies})
 * @param options the strategy's options block, mapped onto its options record by
 *     {@link Strategies#create(SaliencyConfig)}; empty when absent
 * @param plugins fully qualified class names of Guice modules that register more strategies;
 *     empty when absent
 */
public record SaliencyConfig(String name, Map<String, Object> options, List<String> plugins) {

  private static final List<String> KEYS = List.of("name", "options", "plugins");

  private static final ObjectMapper YAML =
      YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  /** Validates the name; absent options and plugins become empty. */
  public SaliencyConfig {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(
          "saliency config: 'name' is required (a strategy name, see obd strategies)");
    }
    options =
        options == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(options));
    plugins = plugins == null ? List.of() : List.copyOf(plugins);
  }

  /** A config without plug-ins. */
  public SaliencyConfig(String name, Map<String, Object> options) {
    this(name, options, List.of());
  }

  /**
   * Reads a config from YAML text.
   *
   * @throws IllegalArgumentException naming an unknown key (and the valid ones) or the syntax
   *     error
   */
  public static SaliencyConfig fromYaml(String yaml) {
    try {
      JsonNode tree = YAML.readTree(yaml);
      if (tree == null || !tree.isObject()) {
        throw new IllegalArgumentException(
            "saliency config must be a mapping with keys name, options, plugins; found "
                + (tree == null ? "nothing" : tree.getNodeType().toString().toLowerCase(Locale.ROOT)));
      }
      for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (!KEYS.contains(key)) {
          throw new IllegalArgumentException(
              "saliency config: unknown key '" + key + "'; valid keys: " + String.join(", ", KEYS));
        }
      }
      return YAML.treeToValue(tree, SaliencyConfig.class);
    } catch (UnrecognizedPropertyException e) {
      throw new IllegalArgumentException(
          "saliency config: unknown key '" + e.getPropertyName()
              + "'; valid keys: name, options, plugins",
          e);
    } catch (JsonProcessingException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      if (root instanceof IllegalArgumentException iae) {
        throw new IllegalArgumentException(iae.getMessage(), e);
      }
      throw new IllegalArgumentException(
          "saliency config could not be read: " + e.getOriginalMessage(), e);
    }
  }
}
