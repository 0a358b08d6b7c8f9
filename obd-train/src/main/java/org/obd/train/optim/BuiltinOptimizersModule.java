package org.obd.train.optim;

import com.google.inject.AbstractModule;
import org.obd.core.Descriptor;
import org.obd.saliency.DescriptorBinder;

/** Registers the built-in optimizers ({@link Optimizers#BUILTINS}). */
public final class BuiltinOptimizersModule extends AbstractModule {

  @Override
  protected void configure() {
    DescriptorBinder<Optimizer> b = OptimizerBinder.of(binder());
    for (Descriptor<?, Optimizer> d : Optimizers.BUILTINS) {
      b.add(d);
    }
  }

  /** All instances are the same module: installing it twice registers each optimizer once. */
  @Override
  public boolean equals(Object o) {
    return o instanceof BuiltinOptimizersModule;
  }

  @Override
  public int hashCode() {
    return BuiltinOptimizersModule.class.hashCode();
  }
}
