package org.obd.testkit.saliency;

import java.util.Map;
import org.obd.saliency.RandomSaliency;
import org.obd.saliency.StrategyDescriptor;

class RandomContractTest extends SaliencyContract {

  @Override
  protected StrategyDescriptor<?> descriptor() {
    return RandomSaliency.DESCRIPTOR;
  }

  @Override
  protected Map<String, Object> options() {
    return Map.of();
  }

}
