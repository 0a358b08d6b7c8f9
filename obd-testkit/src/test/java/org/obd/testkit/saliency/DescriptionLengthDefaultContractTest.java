package org.obd.testkit.saliency;

import org.obd.saliency.DescriptionLengthSaliency;
import org.obd.saliency.StrategyDescriptor;

/** {@code description-length} with its defaults: the becker-lecun diagonal, fitted β and α. */
class DescriptionLengthDefaultContractTest extends SaliencyContract {

  @Override
  protected StrategyDescriptor<?> descriptor() {
    return DescriptionLengthSaliency.DESCRIPTOR;
  }
}
