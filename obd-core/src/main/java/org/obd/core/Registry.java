package org.obd.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The declarations of one kind (saliency strategies, Hessian-diagonal methods, optimizers) by
 * config name, in a fixed order: creation by name and options block, the listing of
 * {@code obd strategies} and the documentation table. Immutable.
 *
 * <p>Composition roots build registries from the Guice {@code MapBinder} each kind is bound in
 * (built-ins and plug-ins); library users may also build one from a list of declarations.
 *
 * @param <T> what the declarations build
 */
public final class Registry<T> {

  private final String kind;
  private final Map<String, Descriptor<?, T>> byName;

  /**
   * A registry over the given declarations, in their order.
   *
   * @param kind what one entry is called in messages, e.g. {@code saliency strategy}
   * @throws IllegalArgumentException when two declarations share a name
   */
  public Registry(String kind, Collection<Descriptor<?, T>> descriptors) {
    this.kind = kind;
    Map<String, Descriptor<?, T>> m = new LinkedHashMap<>();
    for (Descriptor<?, T> d : descriptors) {
      if (m.put(d.name(), d) != null) {
        throw new IllegalArgumentException(kind + " '" + d.name() + "' is declared twice");
      }
    }
    this.byName = Collections.unmodifiableMap(m);
  }

  /** What one entry is called in messages, e.g. {@code optimizer}. */
  public String kind() {
    return kind;
  }

  /** The config names, in registry order. */
  public List<String> names() {
    return new ArrayList<>(byName.keySet());
  }

  /** Whether a declaration of that name exists. */
  public boolean contains(String name) {
    return byName.containsKey(name);
  }

  /** The declarations, in registry order. */
  public List<Descriptor<?, T>> descriptors() {
    return new ArrayList<>(byName.values());
  }

  /**
   * The declaration registered under {@code name}.
   *
   * @throws IllegalArgumentException naming the value and the available names
   */
  public Descriptor<?, T> descriptor(String name) {
    Descriptor<?, T> d = byName.get(name);
    if (d == null) {
      throw new IllegalArgumentException(
          "unknown " + kind + " " + Echo.quote(name) + "; available: " + String.join(", ", names()));
    }
    return d;
  }

  /**
   * The validated options record of {@code name} for an options block.
   *
   * @throws IllegalArgumentException for an unknown name, or an {@link OptionsException} naming
   *     the kind, the name, the key and what was expected
   */
  public Record options(String name, Map<String, ?> options) {
    Descriptor<?, T> d = descriptor(name);
    try {
      return OptionsMapper.map(d.defaults(), options);
    } catch (OptionsException e) {
      throw e.prefixed(kind + " '" + name + "': ");
    }
  }

  /** Builds {@code name} with an options block (see {@link #options}). */
  public T create(String name, Map<String, ?> options) {
    return descriptor(name).createFrom(options(name, options));
  }

  /**
   * Builds {@code name} with those entries of a shared settings block that it declares as options,
   * ignoring the others: settings such as a strategy's {@code probes} that only some methods take.
   */
  public T createWithShared(String name, Map<String, ?> shared) {
    Map<String, Object> own = new LinkedHashMap<>();
    List<String> keys = descriptor(name).optionKeys();
    shared.forEach(
        (k, v) -> {
          if (keys.contains(k)) {
            own.put(k, v);
          }
        });
    return create(name, own);
  }

  /** One line per entry, {@code name  summary}, names aligned, in registry order. */
  public String listing() {
    int width = byName.keySet().stream().mapToInt(String::length).max().orElse(0);
    StringBuilder sb = new StringBuilder();
    for (Descriptor<?, T> d : byName.values()) {
      sb.append(String.format("%-" + width + "s  %s%n", d.name(), d.summary()));
    }
    return sb.toString();
  }

  /**
   * The documentation table: name, summary, options with their defaults, reference; the README's
   * tables are this text (tests keep them equal).
   */
  public String markdownTable() {
    StringBuilder sb = new StringBuilder();
    sb.append("| name | what it computes | options (default) | reference |\n");
    sb.append("| --- | --- | --- | --- |\n");
    for (Descriptor<?, T> d : byName.values()) {
      String opts =
          d.defaultOptions().entrySet().stream()
              .map(e -> "`" + e.getKey() + "` (" + (e.getValue() == null ? "unset" : e.getValue())
                  + ")")
              .collect(Collectors.joining(", "));
      sb.append("| `").append(d.name()).append("` | ").append(cell(d.summary())).append(" | ")
          .append(opts.isEmpty() ? "none" : cell(opts)).append(" | ").append(cell(d.citation()))
          .append(" |\n");
    }
    return sb.toString();
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }

  @Override
  public String toString() {
    return kind + " registry " + names();
  }
}
