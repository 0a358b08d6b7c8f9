package org.obd.testkit.saliency.example;

import org.obd.saliency.StrategyDescriptor;
import org.obd.testkit.saliency.SaliencyContract;

/** The worked example honours the SPI: the plug-in author's whole contract test. */
class ExamplePluginContractTest extends SaliencyContract {

  @Override
  protected StrategyDescriptor<?> descriptor() {
    return WeightCurvatureSaliency.DESCRIPTOR;
  }
}
