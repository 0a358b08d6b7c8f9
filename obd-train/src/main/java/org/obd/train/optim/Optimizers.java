package org.obd.train.optim;

import java.util.List;
import org.obd.core.Descriptor;
import org.obd.core.Registry;

/** The built-in optimizers' declarations. */
public final class Optimizers {

  /** {@code sgd}, {@code sdlm}, {@code adam}, {@code lbfgs}, in this order. */
  public static final List<Descriptor<?, Optimizer>> BUILTINS =
      List.of(Sgd.DESCRIPTOR, Sdlm.DESCRIPTOR, Adam.DESCRIPTOR, Lbfgs.DESCRIPTOR);

  private Optimizers() {}

  /** A registry of the built-ins (kind {@code optimizer}), for use without Guice. */
  public static Registry<Optimizer> registry() {
    return new Registry<>("optimizer", BUILTINS);
  }
}
