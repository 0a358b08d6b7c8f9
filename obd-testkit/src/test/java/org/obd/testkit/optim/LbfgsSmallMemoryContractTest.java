package org.obd.testkit.optim;

import java.util.Map;
import org.obd.core.Descriptor;
import org.obd.train.optim.Lbfgs;
import org.obd.train.optim.Optimizer;

/** {@code lbfgs} with 2 pairs and short line searches: the memory wraps around, searches fail. */
class LbfgsSmallMemoryContractTest extends OptimizerContract {

  @Override
  protected Descriptor<?, ? extends Optimizer> descriptor() {
    return Lbfgs.DESCRIPTOR;
  }

  @Override
  protected Map<String, Object> options() {
    return Map.of("memory", 2, "max-evaluations", 2, "c1", 0.4, "c2", 0.5);
  }

  @Override
  protected Map<String, Object> quadraticOptions() {
    return Map.of("memory", 2);
  }

  @Override
  protected int quadraticSteps() {
    return 500;
  }
}
