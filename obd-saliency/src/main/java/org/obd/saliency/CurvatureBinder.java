package org.obd.saliency;

import com.google.inject.Binder;
import com.google.inject.TypeLiteral;
import org.obd.core.Descriptor;
import org.obd.core.HessianDiagonal;

/**
 * The binder of Hessian-diagonal methods; {@link BuiltinCurvatureModule} binds the built-ins of
 * obd-core ({@link HessianDiagonal#BUILTINS}).
 */
public final class CurvatureBinder {

  /** The Guice type of the methods' map: config name → declaration. */
  public static final TypeLiteral<Descriptor<?, HessianDiagonal>> TYPE = new TypeLiteral<>() {};

  private CurvatureBinder() {}

  /** The Hessian-diagonal method map of this binder's injector. */
  public static DescriptorBinder<HessianDiagonal> of(Binder binder) {
    return new DescriptorBinder<>(binder, TYPE);
  }
}
