package org.obd.testkit.saliency;

import org.obd.saliency.DescriptionLengthSaliency;
import org.obd.core.Descriptor;
import org.obd.saliency.Saliency;

/** {@code description-length} with its defaults: the becker-lecun diagonal, fitted β and α. */
class DescriptionLengthDefaultContractTest extends SaliencyContract {

  @Override
  protected Descriptor<?, Saliency> descriptor() {
    return DescriptionLengthSaliency.DESCRIPTOR;
  }
}
