package org.obd.testkit.saliency;

import java.util.Map;
import org.obd.saliency.TaylorSaliency;
import org.obd.core.Descriptor;
import org.obd.saliency.Saliency;

class TaylorContractTest extends SaliencyContract {

  @Override
  protected Descriptor<?, Saliency> descriptor() {
    return TaylorSaliency.DESCRIPTOR;
  }

  @Override
  protected Map<String, Object> options() {
    return Map.of();
  }

}
