package org.obd.testkit.saliency;

import java.util.Map;
import org.obd.saliency.MagnitudeSaliency;
import org.obd.core.Descriptor;
import org.obd.saliency.Saliency;

class MagnitudeContractTest extends SaliencyContract {

  @Override
  protected Descriptor<?, Saliency> descriptor() {
    return MagnitudeSaliency.DESCRIPTOR;
  }

  @Override
  protected Map<String, Object> options() {
    return Map.of();
  }

}
