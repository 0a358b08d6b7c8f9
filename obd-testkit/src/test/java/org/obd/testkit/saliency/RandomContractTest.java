package org.obd.testkit.saliency;

import java.util.Map;
import org.obd.saliency.RandomSaliency;
import org.obd.core.Descriptor;
import org.obd.saliency.Saliency;

class RandomContractTest extends SaliencyContract {

  @Override
  protected Descriptor<?, Saliency> descriptor() {
    return RandomSaliency.DESCRIPTOR;
  }

  @Override
  protected Map<String, Object> options() {
    return Map.of();
  }

}
