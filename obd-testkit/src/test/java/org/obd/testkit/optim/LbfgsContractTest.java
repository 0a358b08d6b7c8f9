package org.obd.testkit.optim;

import org.obd.core.Descriptor;
import org.obd.train.optim.Lbfgs;
import org.obd.train.optim.Optimizer;

/** {@code lbfgs} with its defaults. */
class LbfgsContractTest extends OptimizerContract {

  @Override
  protected Descriptor<?, ? extends Optimizer> descriptor() {
    return Lbfgs.DESCRIPTOR;
  }

  @Override
  protected int quadraticSteps() {
    return 200;
  }
}
