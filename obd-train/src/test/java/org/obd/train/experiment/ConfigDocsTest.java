package org.obd.train.experiment;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.obd.train.config.ConfigDocs;

/** The experiment keys' reference in {@code docs/config.md} is generated from the records. */
class ConfigDocsTest {

  static final Path DOC = Path.of("..", "docs", "config.md");
  static final String BEGIN = "<!-- keys: generated from ExperimentConfig; do not edit -->";
  static final String END = "<!-- end of keys -->";

  @Test
  void docsCarryTheGeneratedTableOfEveryKeyWithItsDefault() {
    if (Boolean.getBoolean("obd.updateDocs")) {
      ConfigDocs.update(DOC, BEGIN, END, ExperimentConfig.class);
    }
    ConfigDocs.assertUpToDate(DOC, BEGIN, END, ExperimentConfig.class);
  }
}
