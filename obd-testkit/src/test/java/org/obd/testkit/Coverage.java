package org.obd.testkit;

import net.jqwik.api.statistics.Statistics;
import org.obd.core.Activation;
import org.obd.core.Flatten;
import org.obd.core.Layer;
import org.obd.core.Loss;

/**
 * Coverage of the generated problems, so that "every activation, both losses" is checked rather
 * than hoped for: call {@link #collect} in each try that passed its checks, and
 * {@link #requireEveryActivationAndLoss} once per try; jqwik fails the property when, at its end,
 * an activation or a loss was never exercised.
 */
final class Coverage {

  private static final String ACTIVATION = "activation";
  private static final String LOSS = "loss";

  private Coverage() {}

  static void collect(Problem p) {
    for (Layer l : p.network().layers()) {
      if (!(l instanceof Flatten)) {
        Statistics.label(ACTIVATION).collect(l.activation());
      }
    }
    Statistics.label(LOSS).collect(p.loss());
  }

  static void requireEveryActivationAndLoss() {
    require(Activation.values(), Loss.values());
  }

  /**
   * As {@link #requireEveryActivationAndLoss} for properties restricted to some activations and
   * losses: each of those given must have been exercised.
   */
  static void require(Activation[] activations, Loss... losses) {
    Statistics.label(ACTIVATION)
        .coverage(
            c -> {
              for (Activation a : activations) {
                c.check(a).count(n -> n > 0);
              }
            });
    Statistics.label(LOSS)
        .coverage(
            c -> {
              for (Loss l : losses) {
                c.check(l).count(n -> n > 0);
              }
            });
  }
}
