package org.obd.testkit.optim;

import java.util.Map;
import org.obd.core.Descriptor;
import org.obd.train.optim.Adam;
import org.obd.train.optim.Optimizer;

/** {@code adam}. */
class AdamContractTest extends OptimizerContract {

  @Override
  protected Descriptor<?, ? extends Optimizer> descriptor() {
    return Adam.DESCRIPTOR;
  }

  @Override
  protected Map<String, Object> options() {
    return Map.of("learning-rate", 0.05);
  }
}
