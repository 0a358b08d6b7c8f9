package org.obd.train.loop;

import org.obd.core.ConfigNames;

/**
 * Which sequences of deletions a prune loop runs for each strategy: without retraining (deleting
 * progressively from the one trained network, the OBD paper's Fig. 1), with retraining after each
 * step (its Fig. 2), or both.
 */
public enum Retrain {
  /** Only the sequence without retraining. */
  WITHOUT,
  /** Only the sequence with retraining after every step. */
  WITH,
  /** Both sequences. */
  BOTH;

  /** The config name: {@code without}, {@code with} or {@code both}. */
  public String configName() {
    return ConfigNames.of(this);
  }

  /** The sequences to run, without retraining first. */
  public boolean[] sequences() {
    return switch (this) {
      case WITHOUT -> new boolean[] {false};
      case WITH -> new boolean[] {true};
      case BOTH -> new boolean[] {false, true};
    };
  }

  @Override
  public String toString() {
    return configName();
  }
}
