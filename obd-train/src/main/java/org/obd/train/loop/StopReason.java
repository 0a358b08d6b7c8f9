package org.obd.train.loop;

import org.obd.core.ConfigNames;

/** Why training stopped. */
public enum StopReason {
  /** The most epochs were run. */
  MAX_EPOCHS,
  /** The gradient norm fell below the tolerance: a minimum, as OBD assumes. */
  GRADIENT_TOLERANCE,
  /** The validation objective did not improve for {@code patience} epochs; best weights restored. */
  PATIENCE,
  /** A full-batch optimizer found no acceptable step (its line search failed twice). */
  NO_PROGRESS,
  /** The objective or gradient became NaN or infinite; the last good weights were kept. */
  DIVERGED;

  /** The name in metrics and messages, e.g. {@code gradient-tolerance}. */
  public String configName() {
    return ConfigNames.of(this);
  }

  /** Whether training ended normally (not by divergence). */
  public boolean ok() {
    return this != DIVERGED;
  }

  @Override
  public String toString() {
    return configName();
  }
}
