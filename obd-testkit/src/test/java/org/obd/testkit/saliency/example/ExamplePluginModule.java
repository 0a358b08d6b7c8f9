package org.obd.testkit.saliency.example;

import com.google.inject.AbstractModule;
import org.obd.saliency.SaliencyBinder;
import org.obd.saliency.Plugin;

/** Registers the worked example: one line. */
public final class ExamplePluginModule extends AbstractModule implements Plugin {

  @Override
  protected void configure() {
    SaliencyBinder.of(binder()).add(WeightCurvatureSaliency.DESCRIPTOR);
  }
}
