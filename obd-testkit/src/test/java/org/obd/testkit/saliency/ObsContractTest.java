package org.obd.testkit.saliency;

import java.util.Map;
import org.obd.saliency.ObsSaliency;
import org.obd.saliency.StrategyDescriptor;

class ObsContractTest extends SaliencyContract {

  @Override
  protected StrategyDescriptor<?> descriptor() {
    return ObsSaliency.DESCRIPTOR;
  }

  @Override
  protected Map<String, Object> options() {
    return Map.of();
  }

  @Override
  protected boolean compensates() {
    return true;
  }
}
