package org.obd.saliency;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The one declaration of a saliency strategy: its config name, one-line summary, citation, options
 * record (given by its default value) and how to build the strategy from options. The same
 * descriptor feeds the Guice registry ({@link SaliencyBinder#add}), the YAML {@code options:}
 * mapping ({@link #options(Map)}), the {@code obd strategies} listing and the docs table
 * ({@link Strategies#markdownTable()}), so they cannot drift apart.
 *
 * <p>Declare it as a constant in the strategy class:
 *
 * <pre>{@code
 * public static final StrategyDescriptor<Options> DESCRIPTOR = StrategyDescriptor.of(
 *     "my-measure", "one line: what it scores and its cost", "Author (year), title",
 *     new Options(...defaults...), MyMeasure::new);
 * }</pre>
 *
 * <p>Options records use camelCase components; their YAML keys are the kebab-case forms
 * ({@code gradientTerm} ↔ {@code gradient-term}). Missing keys take the default's value; unknown
 * keys and ill-typed values are errors naming the strategy, the key and what was expected. The
 * record's compact constructor validates values and names the key in its message.
 *
 * @param <O> the options record type
 * @param name config name: lower-case words joined by '-', e.g. {@code description-length}
 * @param summary one line, no line breaks: what the strategy scores and its cost
 * @param citation the reference the strategy implements (authors, year, title)
 * @param defaults the options used for missing keys
 * @param factory builds the strategy from validated options
 */
public record StrategyDescriptor<O extends Record>(
    String name,
    String summary,
    String citation,
    O defaults,
    Function<? super O, ? extends Saliency> factory) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

  /** Validates the declaration. */
  public StrategyDescriptor {
    Objects.requireNonNull(name, "strategy name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "strategy name must be lower-case words joined by '-', e.g. description-length; found '"
              + name + "'");
    }
    if (summary == null || summary.isBlank() || summary.contains("\n")) {
      throw new IllegalArgumentException(
          "strategy '" + name + "': summary must be one non-empty line, found '" + summary + "'");
    }
    if (citation == null || citation.isBlank()) {
      throw new IllegalArgumentException(
          "strategy '" + name + "': citation must be non-empty (who proposed the measure)");
    }
    Objects.requireNonNull(defaults, "strategy '" + name + "': default options");
    Objects.requireNonNull(factory, "strategy '" + name + "': factory");
  }

  /** The descriptor (same as the canonical constructor, reads better in constants). */
  public static <O extends Record> StrategyDescriptor<O> of(
      String name,
      String summary,
      String citation,
      O defaults,
      Function<? super O, ? extends Saliency> factory) {
    return new StrategyDescriptor<>(name, summary, citation, defaults, factory);
  }

  /** The options record class. */
  @SuppressWarnings("unchecked")
  public Class<O> optionsType() {
    return (Class<O>) defaults.getClass();
  }

  /** The option keys (kebab-case), in record order. */
  public List<String> optionKeys() {
    return OptionsMapper.keys(optionsType());
  }

  /** The default options as YAML key → value (kebab-case keys, record order). */
  public Map<String, Object> defaultOptions() {
    return OptionsMapper.toMap(defaults);
  }

  /**
   * Maps an {@code options:} block onto the options record: missing keys take their defaults.
   *
   * @param values key → value, as read from YAML or the command line (strings are converted to
   *     the component's type: {@code "true"}, {@code "1e-4"})
   * @throws IllegalArgumentException naming this strategy, the key and what was expected, for an
   *     unknown key (listing the valid keys), an ill-typed value or a value the record rejects
   */
  public O options(Map<String, ?> values) {
    return OptionsMapper.map(name, defaults, values);
  }

  /** The strategy with the given options block. */
  public ConfiguredStrategy configure(Map<String, ?> values) {
    return create(options(values));
  }

  /** The strategy with validated options. */
  public ConfiguredStrategy create(O options) {
    Saliency s = factory.apply(options);
    if (s == null) {
      throw new IllegalStateException("strategy '" + name + "': the factory returned null");
    }
    return new ConfiguredStrategy(name, options, s);
  }
}
