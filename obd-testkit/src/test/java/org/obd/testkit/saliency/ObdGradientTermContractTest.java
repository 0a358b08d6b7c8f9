package org.obd.testkit.saliency;

import java.util.Map;
import org.obd.saliency.ObdSaliency;
import org.obd.core.Descriptor;
import org.obd.saliency.Saliency;

class ObdGradientTermContractTest extends SaliencyContract {

  @Override
  protected Descriptor<?, Saliency> descriptor() {
    return ObdSaliency.DESCRIPTOR;
  }

  @Override
  protected Map<String, Object> options() {
    return Map.of("hessian", "exact", "gradient-term", true);
  }

}
