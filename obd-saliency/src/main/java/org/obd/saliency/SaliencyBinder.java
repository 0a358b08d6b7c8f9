package org.obd.saliency;

import com.google.inject.Binder;
import com.google.inject.TypeLiteral;
import org.obd.core.Descriptor;

/**
 * The binder of saliency strategies. In a module's {@code configure()}, one line per strategy:
 *
 * <pre>{@code
 * SaliencyBinder.of(binder()).add(MyMeasure.DESCRIPTOR);
 * }</pre>
 */
public final class SaliencyBinder {

  /** The Guice type of the strategies' map: config name → declaration. */
  public static final TypeLiteral<Descriptor<?, Saliency>> TYPE = new TypeLiteral<>() {};

  private SaliencyBinder() {}

  /** The strategy map of this binder's injector. */
  public static DescriptorBinder<Saliency> of(Binder binder) {
    return new DescriptorBinder<>(binder, TYPE);
  }
}
