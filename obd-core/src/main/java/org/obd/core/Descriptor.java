package org.obd.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The one declaration of something users choose by name in a config: a saliency strategy, a
 * Hessian-diagonal method, an optimizer. It gives the config name, a one-line summary, the
 * citation, the options record (by its default value) and how to build the thing from validated
 * options. The same declaration feeds the registry ({@link Registry}, and the Guice
 * {@code MapBinder}s the composition roots build it from), the YAML {@code options:} mapping
 * ({@link #options(Map)}), the listings and the documentation tables
 * ({@link Registry#markdownTable()}), so they cannot drift apart.
 *
 * <p>Declare it as a constant in the class it builds:
 *
 * <pre>{@code
 * public static final Descriptor<Options, Saliency> DESCRIPTOR = Descriptor.of(
 *     "my-measure", "one line: what it scores and its cost", "Author (year), title",
 *     new Options(...defaults...), MyMeasure::new);
 * }</pre>
 *
 * <p>Options records use camelCase components; their YAML keys are the kebab-case forms
 * ({@code gradientTerm} ↔ {@code gradient-term}). Missing keys take the default's value; unknown
 * keys and ill-typed values are errors naming the key and what was expected. The record's compact
 * constructor validates values and names the key in its message. A declaration without options
 * uses {@link NoOptions#INSTANCE}.
 *
 * @param <O> the options record type
 * @param <T> what it declares ({@code Saliency}, {@link HessianDiagonal}, {@code Optimizer})
 * @param name config name: lower-case words joined by '-', e.g. {@code description-length}
 * @param summary one line, no line breaks: what it computes and its cost
 * @param citation the reference it implements (authors, year, title)
 * @param defaults the options used for missing keys
 * @param factory builds the thing from validated options; never returns null
 */
public record Descriptor<O extends Record, T>(
    String name,
    String summary,
    String citation,
    O defaults,
    Function<? super O, ? extends T> factory) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

  /** Validates the declaration. */
  public Descriptor {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "name must be lower-case words joined by '-', e.g. description-length; found '" + name
              + "'");
    }
    if (summary == null || summary.isBlank() || summary.contains("\n")) {
      throw new IllegalArgumentException(
          "'" + name + "': summary must be one non-empty line, found '" + summary + "'");
    }
    if (citation == null || citation.isBlank()) {
      throw new IllegalArgumentException(
          "'" + name + "': citation must be non-empty (who proposed it)");
    }
    Objects.requireNonNull(defaults, "'" + name + "': default options");
    Objects.requireNonNull(factory, "'" + name + "': factory");
  }

  /** The declaration (the canonical constructor; reads better in constants). */
  public static <O extends Record, T> Descriptor<O, T> of(
      String name,
      String summary,
      String citation,
      O defaults,
      Function<? super O, ? extends T> factory) {
    return new Descriptor<>(name, summary, citation, defaults, factory);
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

  /** The options of a record of this declaration's type as YAML key → value. */
  public static Map<String, Object> optionsMap(Record options) {
    return OptionsMapper.toMap(options);
  }

  /**
   * Maps an {@code options:} block onto the options record: missing keys take their defaults.
   *
   * @param values key → value, as read from YAML or the command line (strings are converted to
   *     the component's type: {@code "true"}, {@code "1e-4"}); null means none
   * @throws OptionsException naming this declaration, the key and what was expected, for an
   *     unknown key (listing the valid keys), an ill-typed value or a value the record rejects
   */
  public O options(Map<String, ?> values) {
    try {
      return OptionsMapper.map(defaults, values);
    } catch (OptionsException e) {
      throw e.prefixed("'" + name + "': ");
    }
  }

  /** Builds the thing from validated options. */
  public T create(O options) {
    T t = factory.apply(Objects.requireNonNull(options, "options"));
    if (t == null) {
      throw new IllegalStateException("'" + name + "': the factory returned null");
    }
    return t;
  }

  /** Builds the thing from an options block ({@link #options(Map)} then {@link #create}). */
  public T create(Map<String, ?> values) {
    return create(options(values));
  }

  /**
   * Builds the thing from an options record of this declaration's type.
   *
   * @throws IllegalArgumentException if the record is of another type
   */
  public T createFrom(Record options) {
    if (!optionsType().isInstance(options)) {
      throw new IllegalArgumentException(
          "'" + name + "' takes options of type " + optionsType().getSimpleName() + ", found "
              + (options == null ? "null" : options.getClass().getSimpleName()));
    }
    return create(optionsType().cast(options));
  }
}
