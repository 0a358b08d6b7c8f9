package org.obd.cli;

import com.google.inject.AbstractModule;
import org.obd.core.NoOptions;
import org.obd.saliency.SaliencyBinder;
import org.obd.core.Descriptor;
import org.obd.saliency.Saliency;

/**
 * A plug-in module for the CLI tests: {@code parameter-index}, score {@code k} for parameter k;
 * {@code out-of-memory}, which runs out of memory (throws {@link OutOfMemoryError}) when scoring.
 */
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

  static final Descriptor<NoOptions, Saliency> OUT_OF_MEMORY =
      Descriptor.of(
          "out-of-memory", "runs out of memory when scoring", "the CLI tests",
          NoOptions.INSTANCE,
          o -> c -> {
            throw new OutOfMemoryError("Java heap space");
          });

  @Override
  protected void configure() {
    SaliencyBinder.of(binder()).add(DESCRIPTOR);
    SaliencyBinder.of(binder()).add(OUT_OF_MEMORY);
  }
}
