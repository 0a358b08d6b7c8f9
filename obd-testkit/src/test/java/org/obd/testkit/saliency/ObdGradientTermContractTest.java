package org.obd.testkit.saliency;

import java.util.Map;
import org.obd.saliency.ObdSaliency;
import org.obd.saliency.StrategyDescriptor;

class ObdGradientTermContractTest extends SaliencyContract {

  @Override
  protected StrategyDescriptor<?> descriptor() {
    return ObdSaliency.DESCRIPTOR;
  }

  @Override
  protected Map<String, Object> options() {
    return Map.of("hessian", "exact", "gradient-term", true);
  }

}
