package org.obd.train.experiment;

/** Where an experiment's samples come from. */
public enum DataSource {
  /** The bundled 8×8 digits (1,797 samples, 10 classes): the default. */
  DIGITS("digits"),
  /** A CSV file: input values, then a class label or real target values per row. */
  CSV("csv"),
  /** MNIST IDX files: an images file and a labels file, plain or gzip. */
  IDX("idx");

  private final String configName;

  DataSource(String configName) {
    this.configName = configName;
  }

  /** The config name. */
  public String configName() {
    return configName;
  }

  @Override
  public String toString() {
    return configName;
  }
}
