package org.obd.testkit.optim;

import java.util.Map;
import org.obd.core.Descriptor;
import org.obd.train.optim.Optimizer;
import org.obd.train.optim.Sgd;

/** {@code sgd} with Nesterov momentum: the velocity must be masked. */
class SgdContractTest extends OptimizerContract {

  @Override
  protected Descriptor<?, ? extends Optimizer> descriptor() {
    return Sgd.DESCRIPTOR;
  }

  @Override
  protected Map<String, Object> options() {
    return Map.of("learning-rate", 0.05, "momentum", 0.9, "nesterov", true);
  }
}
