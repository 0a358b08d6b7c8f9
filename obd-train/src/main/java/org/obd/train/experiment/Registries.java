package org.obd.train.experiment;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.TypeLiteral;
import com.google.inject.spi.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.obd.core.Descriptor;
import org.obd.core.HessianDiagonal;
import org.obd.core.Registry;
import org.obd.saliency.CurvatureBinder;
import org.obd.saliency.Saliency;
import org.obd.saliency.SaliencyBinder;
import org.obd.saliency.Strategies;
import org.obd.train.optim.BuiltinOptimizersModule;
import org.obd.train.optim.Optimizer;
import org.obd.train.optim.OptimizerBinder;

/**
 * The three registries an experiment names things in — saliency strategies, Hessian-diagonal
 * methods, optimizers — built from one Guice injector: the built-in modules, the {@link
 * org.obd.saliency.Plugin}s found by {@code ServiceLoader}, and the modules a config names in
 * {@code plugins:}. This is the composition root's one injector; nothing else sees it.
 *
 * @param strategies saliency strategies, sorted by name
 * @param curvature Hessian-diagonal methods, built-ins first in their order
 * @param optimizers optimizers, built-ins first in their order
 */
public record Registries(
    Registry<Saliency> strategies,
    Registry<HessianDiagonal> curvature,
    Registry<Optimizer> optimizers) {

  /** What an optimizer is called in messages. */
  public static final String OPTIMIZER = "optimizer";

  /**
   * The registries with the built-ins and the plug-ins.
   *
   * @param plugins fully qualified class names of Guice modules (a config's {@code plugins:})
   * @throws IllegalArgumentException for a plug-in that cannot be loaded or wired, naming it
   */
  public static Registries load(List<String> plugins) {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    if (cl == null) {
      cl = Registries.class.getClassLoader();
    }
    List<Module> modules = new ArrayList<>(Strategies.modules(plugins, cl));
    modules.add(2, new BuiltinOptimizersModule()); // after the other built-ins, before plug-ins
    Injector injector;
    try {
      injector = Guice.createInjector(modules);
    } catch (CreationException e) {
      throw new IllegalArgumentException(
          "plug-ins could not be wired: "
              + e.getErrorMessages().stream()
                  .map(Message::getMessage)
                  .map(m -> m.lines().findFirst().orElse(m))
                  .collect(Collectors.joining("; ")),
          e);
    }
    return new Registries(
        new Registry<>(Strategies.KIND, new TreeMap<>(map(injector, SaliencyBinder.TYPE)).values()),
        new Registry<>("Hessian-diagonal method", ordered(map(injector, CurvatureBinder.TYPE))),
        new Registry<>(OPTIMIZER, ordered(map(injector, OptimizerBinder.TYPE))));
  }

  /** The built-ins only. */
  public static Registries builtins() {
    return load(List.of());
  }

  @SuppressWarnings("unchecked")
  private static <T> Map<String, Descriptor<?, T>> map(
      Injector injector, TypeLiteral<Descriptor<?, T>> type) {
    TypeLiteral<Map<String, Descriptor<?, T>>> mapType =
        (TypeLiteral<Map<String, Descriptor<?, T>>>)
            TypeLiteral.get(
                com.google.inject.util.Types.mapOf(String.class, type.getType()));
    return injector.getInstance(Key.get(mapType));
  }

  /** Binding order (the built-in modules first, each in its declaration order). */
  private static <T> List<Descriptor<?, T>> ordered(Map<String, Descriptor<?, T>> map) {
    return new ArrayList<>(map.values());
  }
}
