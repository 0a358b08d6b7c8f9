package org.obd.testkit.saliency;

import java.util.Map;
import org.obd.saliency.DescriptionLengthSaliency;
import org.obd.core.Descriptor;
import org.obd.saliency.Saliency;

class DescriptionLengthContractTest extends SaliencyContract {

  @Override
  protected Descriptor<?, Saliency> descriptor() {
    return DescriptionLengthSaliency.DESCRIPTOR;
  }

  @Override
  protected Map<String, Object> options() {
    return Map.of("hessian", "exact");
  }

}
