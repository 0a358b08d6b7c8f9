package org.obd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model whose weights are huge (1e300) makes the network overflow: exit status 2 and one line
 * saying what is not finite, never "NaN" or "Infinity" in the output.
 */
class NonFiniteTest {

  @TempDir Path dir;

  private Path model;
  private Path data;

  @BeforeEach
  void files() throws IOException {
    String xor = Files.readString(Path.of("..", "examples", "xor-model.json"));
    model =
        Files.writeString(
            dir.resolve("m.json"),
            xor.replace("[2.5, -2.4]", "[1e300, -2.4]").replace("[-3.5, -3.5, 0.1]",
                "[1e300, -3.5, 0.1]"));
    data = Files.copy(Path.of("..", "examples", "xor.csv"), dir.resolve("d.csv"));
  }

  private void assertError(String expected, String... args) throws IOException {
    Cli.Run r = Cli.run(dir, args);
    assertEquals("", r.out(), "nothing on stdout");
    assertEquals(2, r.code(), r.err());
    assertEquals("obd: " + expected + "\n", r.err());
  }

  private String where() {
    return "of model " + model + " on data " + data + " is not finite";
  }

  private static final String LARGEST = "; the largest parameter is layer0.weight[0][0] = 1.0E300";

  @Test
  void anInfiniteObjectiveIsBadInput() throws IOException {
    String objective =
        "the objective " + where() + " (Infinity): the network's outputs or the loss overflow the"
            + " double range" + LARGEST;
    for (String method : new String[] {"gradient", "exact", "hutchinson"}) {
      assertError(objective, "curvature", "--model", model.toString(), "--data", data.toString(),
          "--loss", "mse", "--method", method);
    }
    for (String strategy : new String[] {"description-length", "taylor"}) {
      assertError(objective, "score", "--model", model.toString(), "--data", data.toString(),
          "--loss", "mse", "--saliency", strategy);
    }
    assertError(
        "a Hessian-vector product " + where() + " (NaN) at parameter layer0.weight[0][0] (index"
            + " 0): the derivatives overflow the double range" + LARGEST,
        "score", "--model", model.toString(), "--data", data.toString(), "--loss", "mse",
        "--saliency", "obs");
  }

  @Test
  void nonFiniteCurvatureOrScoresAreBadInput() throws IOException {
    assertError(
        "the becker-lecun Hessian diagonal " + where() + " (NaN) at parameter"
            + " layer0.weight[0][0] (index 0): the derivatives overflow the double range"
            + LARGEST,
        "curvature", "--model", model.toString(), "--data", data.toString(), "--loss",
        "softmax-cross-entropy", "--method", "becker-lecun");
    assertError(
        "the score by strategy 'obs' " + where() + " (Infinity) at parameter layer0.weight[0][0]"
            + " (index 0): the score overflows the double range (or the strategy divided 0 by"
            + " 0)" + LARGEST,
        "score", "--model", model.toString(), "--data", data.toString(), "--loss",
        "softmax-cross-entropy", "--saliency", "obs");
  }
}
