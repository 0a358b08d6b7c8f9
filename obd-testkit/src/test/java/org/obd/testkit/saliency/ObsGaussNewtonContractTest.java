package org.obd.testkit.saliency;

import java.util.Map;
import org.obd.saliency.ObsSaliency;
import org.obd.core.Descriptor;
import org.obd.saliency.Saliency;

class ObsGaussNewtonContractTest extends SaliencyContract {

  @Override
  protected Descriptor<?, Saliency> descriptor() {
    return ObsSaliency.DESCRIPTOR;
  }

  @Override
  protected Map<String, Object> options() {
    return Map.of("hessian", "gauss-newton");
  }

  @Override
  protected boolean compensates() {
    return true;
  }
}
