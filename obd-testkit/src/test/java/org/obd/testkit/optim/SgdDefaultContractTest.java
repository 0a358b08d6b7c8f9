package org.obd.testkit.optim;

import org.obd.core.Descriptor;
import org.obd.train.optim.Optimizer;
import org.obd.train.optim.Sgd;

/** {@code sgd} with its defaults (η = 0.01, no momentum). */
class SgdDefaultContractTest extends OptimizerContract {

  @Override
  protected Descriptor<?, ? extends Optimizer> descriptor() {
    return Sgd.DESCRIPTOR;
  }
}
