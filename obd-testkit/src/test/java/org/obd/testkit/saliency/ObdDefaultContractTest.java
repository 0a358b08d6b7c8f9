package org.obd.testkit.saliency;

import org.obd.saliency.ObdSaliency;
import org.obd.core.Descriptor;
import org.obd.saliency.Saliency;

/** {@code obd} with its defaults: the becker-lecun diagonal. */
class ObdDefaultContractTest extends SaliencyContract {

  @Override
  protected Descriptor<?, Saliency> descriptor() {
    return ObdSaliency.DESCRIPTOR;
  }
}
