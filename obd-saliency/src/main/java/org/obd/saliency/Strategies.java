package org.obd.saliency;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Inject;
import com.google.inject.Module;
import com.google.inject.spi.Message;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.obd.core.Descriptor;
import org.obd.core.Registry;

/**
 * The registry of saliency strategies by config name: the built-ins and every plug-in, as bound
 * in the Guice {@code MapBinder} by {@link SaliencyBinder}. It creates configured strategies from
 * {@link SaliencyConfig}s and lists them for {@code obd strategies} and the docs.
 *
 * <p>Composition roots (the CLI, the experiment runner) either build their own injector from
 * {@link #modules(List, ClassLoader)} and ask it for this class, or call {@link #load(List)}, which
 * does exactly that. Strategies never see the injector.
 */
public final class Strategies {

  /** What a strategy is called in messages. */
  public static final String KIND = "saliency strategy";

  private final Registry<Saliency> registry;

  /** The registry over the bound strategies, sorted by name. */
  @Inject
  public Strategies(Map<String, Descriptor<?, Saliency>> byName) {
    this.registry = new Registry<>(KIND, new TreeMap<>(byName).values());
  }

  /**
   * Builds the injector of the built-ins, the {@link Plugin}s found by
   * {@link ServiceLoader} on the context class loader, and the named plug-in modules, and returns
   * its registry.
   *
   * @param plugins fully qualified class names of Guice modules (a config's {@code plugins:})
   * @throws IllegalArgumentException for a class that cannot be loaded or instantiated or is not a
   *     module, or when two modules register the same strategy name
   */
  public static Strategies load(List<String> plugins) {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    return load(plugins, cl != null ? cl : Strategies.class.getClassLoader());
  }

  /** {@link #load(List)} with plug-ins and service files looked up in {@code loader}. */
  public static Strategies load(List<String> plugins, ClassLoader loader) {
    List<Module> modules = modules(plugins, loader);
    try {
      return Guice.createInjector(modules).getInstance(Strategies.class);
    } catch (CreationException e) {
      throw new IllegalArgumentException(
          "saliency plug-ins could not be wired: "
              + e.getErrorMessages().stream()
                  .map(Message::getMessage)
                  .map(m -> m.lines().findFirst().orElse(m))
                  .collect(Collectors.joining("; ")),
          e);
    }
  }

  /**
   * The modules a composition root installs: {@link BuiltinStrategiesModule} and {@link
   * BuiltinCurvatureModule}, then each {@link Plugin} found by {@link ServiceLoader} in {@code
   * loader}, then each named module class not already present (a class found both ways is
   * installed once). A composition root adds its own built-in modules (obd-train: the
   * optimizers).
   */
  public static List<Module> modules(List<String> plugins, ClassLoader loader) {
    List<Module> modules = new ArrayList<>();
    Set<Class<?>> seen = new LinkedHashSet<>();
    modules.add(new BuiltinStrategiesModule());
    seen.add(BuiltinStrategiesModule.class);
    modules.add(new BuiltinCurvatureModule());
    seen.add(BuiltinCurvatureModule.class);
    for (Plugin p : ServiceLoader.load(Plugin.class, loader)) {
      if (seen.add(p.getClass())) {
        modules.add(p);
      }
    }
    for (String name : plugins == null ? List.<String>of() : plugins) {
      Class<?> c;
      try {
        c = Class.forName(name, true, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        throw new IllegalArgumentException(
            "plugins: class '" + name + "' was not found on the class path", e);
      }
      if (!Module.class.isAssignableFrom(c)) {
        throw new IllegalArgumentException(
            "plugins: class '" + name + "' is not a Guice module (com.google.inject.Module)");
      }
      if (!seen.add(c)) {
        continue;
      }
      try {
        modules.add((Module) c.getConstructor().newInstance());
      } catch (NoSuchMethodException | IllegalAccessException | InstantiationException e) {
        throw new IllegalArgumentException(
            "plugins: module '" + name + "' needs a public no-argument constructor", e);
      } catch (InvocationTargetException e) {
        throw new IllegalArgumentException(
            "plugins: module '" + name + "' failed in its constructor: " + e.getCause(), e);
      }
    }
    return modules;
  }

  /** The registry (sorted by name). */
  public Registry<Saliency> registry() {
    return registry;
  }

  /** The config names, sorted. */
  public List<String> names() {
    return registry.names();
  }

  /** The descriptors, sorted by name. */
  public List<Descriptor<?, Saliency>> descriptors() {
    return registry.descriptors();
  }

  /**
   * The descriptor registered under {@code name}.
   *
   * @throws IllegalArgumentException naming the value and the available strategies
   */
  public Descriptor<?, Saliency> descriptor(String name) {
    return registry.descriptor(name);
  }

  /** The strategy a config names, with its options mapped and validated. */
  public ConfiguredStrategy create(SaliencyConfig config) {
    return create(config.name(), config.options());
  }

  /**
   * The strategy {@code name} with the given options block.
   *
   * @throws IllegalArgumentException for an unknown name, or an {@link
   *     org.obd.core.OptionsException} naming the strategy, the key and what was expected
   */
  public ConfiguredStrategy create(String name, Map<String, ?> options) {
    Record o = registry.options(name, options);
    return new ConfiguredStrategy(name, o, registry.descriptor(name).createFrom(o));
  }

  /** One line per strategy, {@code name  summary}, names aligned, sorted by name. */
  public String listing() {
    return registry.listing();
  }

  /**
   * The strategy table of the docs, generated from the descriptors: name, summary, options with
   * their defaults, reference. The README's table is this text (a test keeps them equal).
   */
  public String markdownTable() {
    return registry.markdownTable();
  }
}
