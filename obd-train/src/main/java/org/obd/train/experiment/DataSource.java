package org.obd.train.experiment;

import org.obd.core.ConfigNames;

/** Where an experiment's samples come from. */
public enum DataSource {
  /** The bundled 8×8 digits (1,797 samples, 10 classes): the default. */
  DIGITS,
  /** A CSV file: input values, then a class label or real target values per row. */
  CSV,
  /** MNIST IDX files: an images file and a labels file, plain or gzip. */
  IDX;

  /** The config name. */
  public String configName() {
    return ConfigNames.of(this);
  }

  @Override
  public String toString() {
    return configName();
  }
}
