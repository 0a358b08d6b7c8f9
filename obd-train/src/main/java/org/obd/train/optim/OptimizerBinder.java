package org.obd.train.optim;

import com.google.inject.Binder;
import com.google.inject.TypeLiteral;
import org.obd.core.Descriptor;
import org.obd.saliency.DescriptorBinder;

/**
 * The binder of optimizers. In a plug-in module's {@code configure()}, one line per optimizer:
 *
 * <pre>{@code
 * OptimizerBinder.of(binder()).add(MyOptimizer.DESCRIPTOR);
 * }</pre>
 */
public final class OptimizerBinder {

  /** The Guice type of the optimizers' map: config name → declaration. */
  public static final TypeLiteral<Descriptor<?, Optimizer>> TYPE = new TypeLiteral<>() {};

  private OptimizerBinder() {}

  /** The optimizer map of this binder's injector. */
  public static DescriptorBinder<Optimizer> of(Binder binder) {
    return new DescriptorBinder<>(binder, TYPE);
  }
}
