package org.obd.saliency;

import com.google.inject.AbstractModule;
import org.obd.core.Descriptor;
import org.obd.core.HessianDiagonal;

/** Registers obd-core's built-in Hessian-diagonal methods ({@link HessianDiagonal#BUILTINS}). */
public final class BuiltinCurvatureModule extends AbstractModule {

  @Override
  protected void configure() {
    DescriptorBinder<HessianDiagonal> b = CurvatureBinder.of(binder());
    for (Descriptor<?, HessianDiagonal> d : HessianDiagonal.BUILTINS) {
      b.add(d);
    }
  }

  /** All instances are the same module: installing it twice registers each method once. */
  @Override
  public boolean equals(Object o) {
    return o instanceof BuiltinCurvatureModule;
  }

  @Override
  public int hashCode() {
    return BuiltinCurvatureModule.class.hashCode();
  }
}
