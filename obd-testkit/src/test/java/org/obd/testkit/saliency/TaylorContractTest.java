package org.obd.testkit.saliency;

import java.util.Map;
import org.obd.saliency.TaylorSaliency;
import org.obd.saliency.StrategyDescriptor;

class TaylorContractTest extends SaliencyContract {

  @Override
  protected StrategyDescriptor<?> descriptor() {
    return TaylorSaliency.DESCRIPTOR;
  }

  @Override
  protected Map<String, Object> options() {
    return Map.of();
  }

}
