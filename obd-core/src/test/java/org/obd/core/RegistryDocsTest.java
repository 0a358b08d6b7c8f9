package org.obd.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's table of Hessian-diagonal methods is generated from their declarations. */
class RegistryDocsTest {

  @Test
  void readmeCarriesTheGeneratedTableOfCurvatureMethods() throws IOException {
    String table = HessianDiagonal.builtins().markdownTable();
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    assertTrue(
        readme.contains(table),
        "README.md must contain the table HessianDiagonal.builtins().markdownTable() generates;"
            + " regenerate it:\n" + table);
  }
}
