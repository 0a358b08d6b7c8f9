package org.obd.train.loop;

/** Why training stopped. */
public enum StopReason {
  /** The most epochs were run. */
  MAX_EPOCHS("max-epochs"),
  /** The gradient norm fell below the tolerance: a minimum, as OBD assumes. */
  GRADIENT_TOLERANCE("gradient-tolerance"),
  /** The validation objective did not improve for {@code patience} epochs; best weights restored. */
  PATIENCE("patience"),
  /** A full-batch optimizer found no acceptable step (its line search failed twice). */
  NO_PROGRESS("no-progress"),
  /** The objective or gradient became NaN or infinite; the last good weights were kept. */
  DIVERGED("diverged");

  private final String configName;

  StopReason(String configName) {
    this.configName = configName;
  }

  /** The name in metrics and messages, e.g. {@code gradient-tolerance}. */
  public String configName() {
    return configName;
  }

  /** Whether training ended normally (not by divergence). */
  public boolean ok() {
    return this != DIVERGED;
  }

  @Override
  public String toString() {
    return configName;
  }
}
