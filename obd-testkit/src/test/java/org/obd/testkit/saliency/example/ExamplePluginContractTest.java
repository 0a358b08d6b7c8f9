package org.obd.testkit.saliency.example;

import org.obd.core.Descriptor;
import org.obd.saliency.Saliency;
import org.obd.testkit.saliency.SaliencyContract;

/** The worked example honours the SPI: the plug-in author's whole contract test. */
class ExamplePluginContractTest extends SaliencyContract {

  @Override
  protected Descriptor<?, Saliency> descriptor() {
    return WeightCurvatureSaliency.DESCRIPTOR;
  }
}
