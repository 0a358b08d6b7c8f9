package org.obd.testkit.saliency;

import java.util.Map;
import org.obd.saliency.MagnitudeSaliency;
import org.obd.saliency.StrategyDescriptor;

class MagnitudeContractTest extends SaliencyContract {

  @Override
  protected StrategyDescriptor<?> descriptor() {
    return MagnitudeSaliency.DESCRIPTOR;
  }

  @Override
  protected Map<String, Object> options() {
    return Map.of();
  }

}
