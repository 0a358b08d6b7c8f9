package org.obd.testkit.saliency;

import org.obd.saliency.ObdSaliency;
import org.obd.saliency.StrategyDescriptor;

/** {@code obd} with its defaults: the becker-lecun diagonal. */
class ObdDefaultContractTest extends SaliencyContract {

  @Override
  protected StrategyDescriptor<?> descriptor() {
    return ObdSaliency.DESCRIPTOR;
  }
}
