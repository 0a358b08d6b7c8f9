package org.obd.saliency;

import com.google.inject.Binder;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import org.obd.core.Descriptor;

/**
 * Registers declarations of one kind by config name in the Guice {@link MapBinder} that kind's
 * {@link org.obd.core.Registry} is built from. Each kind has a factory for it:
 * {@link SaliencyBinder#of}, {@link CurvatureBinder#of} and, in obd-train, {@code
 * OptimizerBinder.of}. In a module's {@code configure()}, one line per declaration:
 *
 * <pre>{@code
 * SaliencyBinder.of(binder()).add(MyMeasure.DESCRIPTOR);
 * }</pre>
 *
 * <p>The map key is the declaration's own name, so the name cannot differ between the registry and
 * the declaration. Two registrations of one name are an error when the injector is built.
 *
 * @param <T> what the declarations build
 */
public final class DescriptorBinder<T> {

  private final MapBinder<String, Descriptor<?, T>> map;

  /** The map of {@code type}'s declarations in this binder's injector. */
  public DescriptorBinder(Binder binder, TypeLiteral<Descriptor<?, T>> type) {
    this.map = MapBinder.newMapBinder(binder, TypeLiteral.get(String.class), type);
  }

  /** Registers a declaration under {@link Descriptor#name()}; returns this binder. */
  public DescriptorBinder<T> add(Descriptor<?, T> descriptor) {
    map.addBinding(descriptor.name()).toInstance(descriptor);
    return this;
  }
}
