package org.obd.train.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's optimizer table is generated from the declarations. */
class OptimizersReadmeTest {

  @Test
  void readmeCarriesTheGeneratedOptimizerTable() throws IOException {
    String table = Optimizers.registry().markdownTable();
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    assertTrue(
        readme.contains(table),
        "README.md must contain the table Optimizers.registry().markdownTable() generates;"
            + " regenerate it:\n" + table);
  }
}
