package org.obd.saliency;

import com.google.inject.Binder;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;

/**
 * Registers strategies by config name in the Guice {@link MapBinder} the {@link Strategies}
 * registry reads. In a module's {@code configure()}, one line per strategy:
 *
 * <pre>{@code
 * SaliencyBinder.of(binder()).add(MyMeasure.DESCRIPTOR);
 * }</pre>
 *
 * <p>The map key is the descriptor's own name, so the name cannot differ between the registry and
 * the declaration. Two registrations of one name are an error when the injector is built.
 */
public final class SaliencyBinder {

  private final MapBinder<String, StrategyDescriptor<?>> map;

  private SaliencyBinder(MapBinder<String, StrategyDescriptor<?>> map) {
    this.map = map;
  }

  /** The strategy map of this binder's injector. */
  public static SaliencyBinder of(Binder binder) {
    return new SaliencyBinder(
        MapBinder.newMapBinder(
            binder, new TypeLiteral<String>() {}, new TypeLiteral<StrategyDescriptor<?>>() {}));
  }

  /** Registers a strategy under {@link StrategyDescriptor#name()}; returns this binder. */
  public SaliencyBinder add(StrategyDescriptor<?> descriptor) {
    map.addBinding(descriptor.name()).toInstance(descriptor);
    return this;
  }
}
