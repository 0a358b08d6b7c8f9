package org.obd.cli;

import com.google.inject.AbstractModule;
import org.obd.core.NoOptions;
import org.obd.saliency.SaliencyBinder;
import org.obd.core.Descriptor;
import org.obd.saliency.Saliency;

/** A plug-in module for the CLI tests: {@code parameter-index}, score {@code k} for parameter k. */
public final class CliTestPlugin extends AbstractModule {

  static final Descriptor<NoOptions, Saliency> DESCRIPTOR =
      Descriptor.of(
          "parameter-index", "the parameter's index: deletes in index order", "the CLI tests",
          NoOptions.INSTANCE,
          o -> c -> {
            double[] s = new double[c.network().parameterCount()];
            for (int k = 0; k < s.length; k++) {
              s[k] = k;
            }
            return s;
          });

  @Override
  protected void configure() {
    SaliencyBinder.of(binder()).add(DESCRIPTOR);
  }
}
