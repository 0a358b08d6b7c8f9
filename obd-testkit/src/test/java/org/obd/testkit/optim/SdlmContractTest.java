package org.obd.testkit.optim;

import java.util.Map;
import org.obd.core.Descriptor;
import org.obd.train.optim.Optimizer;
import org.obd.train.optim.Sdlm;

/** {@code sdlm}; on the quadratic its diagonal is exact whatever the method's name. */
class SdlmContractTest extends OptimizerContract {

  @Override
  protected Descriptor<?, ? extends Optimizer> descriptor() {
    return Sdlm.DESCRIPTOR;
  }

  @Override
  protected Map<String, Object> quadraticOptions() {
    return Map.of("learning-rate", 0.3, "hessian", "exact");
  }
}
