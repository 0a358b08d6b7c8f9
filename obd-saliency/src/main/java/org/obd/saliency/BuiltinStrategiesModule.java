package org.obd.saliency;

import com.google.inject.AbstractModule;

/** Registers the built-in strategies, one line each. */
public final class BuiltinStrategiesModule extends AbstractModule {

  @Override
  protected void configure() {
    SaliencyBinder.of(binder())
        .add(ObdSaliency.DESCRIPTOR)
        .add(MagnitudeSaliency.DESCRIPTOR)
        .add(DescriptionLengthSaliency.DESCRIPTOR)
        .add(ObsSaliency.DESCRIPTOR)
        .add(TaylorSaliency.DESCRIPTOR)
        .add(RandomSaliency.DESCRIPTOR);
  }

  /** All instances are the same module: installing it twice registers each strategy once. */
  @Override
  public boolean equals(Object o) {
    return o instanceof BuiltinStrategiesModule;
  }

  @Override
  public int hashCode() {
    return BuiltinStrategiesModule.class.hashCode();
  }
}
