package org.obd.testkit.saliency;

import java.util.Map;
import org.obd.saliency.DescriptionLengthSaliency;
import org.obd.saliency.StrategyDescriptor;

class DescriptionLengthContractTest extends SaliencyContract {

  @Override
  protected StrategyDescriptor<?> descriptor() {
    return DescriptionLengthSaliency.DESCRIPTOR;
  }

  @Override
  protected Map<String, Object> options() {
    return Map.of("hessian", "exact");
  }

}
