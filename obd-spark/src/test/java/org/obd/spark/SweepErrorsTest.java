package org.obd.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code obd sweep}'s errors: one line naming the file, key and value, exit status 2, no stack
 * trace, before any Spark starts (these tests start none).
 */
class SweepErrorsTest {

  record Outcome(int status, String out, String err) {}

  static Outcome sweep(String... args) {
    CommandLine cmd = SparkMain.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int status = cmd.execute(args);
    return new Outcome(status, out.toString(), err.toString());
  }

  static Outcome grid(Path tmp, String text, String... more) throws Exception {
    Path g = tmp.resolve("g.yaml");
    Files.writeString(g, text);
    String[] args = new String[2 + more.length];
    args[0] = "sweep";
    args[1] = g.toString();
    System.arraycopy(more, 0, args, 2, more.length);
    return sweep(args);
  }

  static void assertOneLine(Outcome o, String... parts) {
    assertEquals(2, o.status(), o.err());
    assertEquals(1, o.err().lines().count(), o.err());
    assertTrue(o.err().startsWith("obd: "), o.err());
    for (String p : parts) {
      assertTrue(o.err().contains(p), "expected '" + p + "' in: " + o.err());
    }
  }

  static final String BASE = "experiment: " + SweepTest.BASE + "\n";

  @Test
  void malformedYaml(@TempDir Path tmp) throws Exception {
    assertOneLine(grid(tmp, BASE + "grid: {seed: [1, 2\n"), "g.yaml", "line", "malformed YAML");
  }

  @Test
  void unknownTopLevelKey(@TempDir Path tmp) throws Exception {
    assertOneLine(grid(tmp, BASE + "grids: {seed: [1]}\n"), "g.yaml", "unknown key 'grids'",
        "experiment, set, grid");
  }

  @Test
  void emptyGrid(@TempDir Path tmp) throws Exception {
    assertOneLine(grid(tmp, BASE + "grid: {}\n"), "g.yaml", "grid", "empty");
    assertOneLine(grid(tmp, BASE + "grid: {seed: []}\n"), "grid.seed", "empty");
  }

  @Test
  void valuesNotAList(@TempDir Path tmp) throws Exception {
    assertOneLine(grid(tmp, BASE + "grid: {seed: 3}\n"), "grid.seed", "expected a list",
        "[3]");
  }

  @Test
  void unknownExperimentKeyNamesTheGridKey(@TempDir Path tmp) throws Exception {
    assertOneLine(grid(tmp, BASE + "grid: {model.l3: [0.1]}\n"), "g.yaml", "grid.model.l3",
        "unknown key 'l3'");
  }

  @Test
  void badValueNamesTheGridKeyAndValue(@TempDir Path tmp) throws Exception {
    assertOneLine(grid(tmp, BASE + "grid: {training.epochs: [2, ten]}\n"),
        "grid.training.epochs = \"ten\"", "expected an integer");
  }

  @Test
  void missingExperimentFile(@TempDir Path tmp) throws Exception {
    assertOneLine(grid(tmp, "experiment: nowhere.yaml\ngrid: {seed: [1]}\n"), "experiment",
        "nowhere.yaml");
  }

  @Test
  void outMustBeADirectoryOrNothing(@TempDir Path tmp) throws Exception {
    Path file = Files.writeString(tmp.resolve("file"), "x");
    assertOneLine(grid(tmp, BASE + "grid: {seed: [1]}\n", "--out", file.toString()), "--out",
        file + " is a file, expected a directory");
    assertEquals("x", Files.readString(file), "nothing overwritten");
    Path dangling = Files.createSymbolicLink(tmp.resolve("dangling"), tmp.resolve("nowhere"));
    assertOneLine(grid(tmp, BASE + "grid: {seed: [1]}\n", "--out", dangling.toString()),
        "--out", dangling + " is a link to nothing");
  }

  @Test
  void missingGridFile(@TempDir Path tmp) {
    assertOneLine(sweep("sweep", tmp.resolve("none.yaml").toString()), "none.yaml",
        "does not exist");
  }

  @Test
  void badMasterUrl(@TempDir Path tmp) throws Exception {
    Outcome o = grid(tmp, BASE + "grid: {seed: [1]}\n", "--master", "lokal[2]", "--out",
        tmp.resolve("o").toString());
    assertOneLine(o, "--master", "'lokal[2]'", "spark://host:port");
    // a scheme Spark has no cluster manager for is refused before Spark starts
    Outcome scheme = grid(tmp, BASE + "grid: {seed: [1]}\n", "--master", "bogus://x", "--out",
        tmp.resolve("o2").toString());
    assertOneLine(scheme, "--master", "'bogus://x'", "spark://host:port");
  }

  @Test
  void masterUrlForms() {
    for (String ok : new String[] {"local", "local[2]", "local[*]", "local[2,3]", "yarn",
        "spark://h:7077", "k8s://https://h:6443", "local-cluster[2, 1, 1024]"}) {
      Contexts.check(ok);
    }
    assertEquals("local[2,4]", Contexts.master("local[2]", 4));
    assertEquals("local[*,4]", Contexts.master("local[*]", 4));
    assertEquals("local[1,4]", Contexts.master("local", 4));
    assertEquals("local[2,3]", Contexts.master("local[2,3]", 4));
    assertEquals("spark://h:7077", Contexts.master("spark://h:7077", 4));
  }

  @Test
  void runNamesKeepDecimalsAsWrittenAndAreUnique(@TempDir Path tmp) throws Exception {
    Path g = tmp.resolve("g.yaml");
    Files.writeString(g, BASE + "grid:\n  model.l2: [0, 1e-4]\n  model.loss: [mse]\n"
        + "  data.normalisation: [min-max, \"Min Max\"]\n  training.optimizer.name: [adam]\n");
    assertEquals(java.util.List.of("l2-0_loss-mse_normalisation-min-max_name-adam",
        "l2-0_loss-mse_normalisation-min-max_name-adam-2",
        "l2-0.0001_loss-mse_normalisation-min-max_name-adam",
        "l2-0.0001_loss-mse_normalisation-min-max_name-adam-2"),
        Grid.read(g).runs().stream().map(Grid.Run::name).toList());
    Files.writeString(g, BASE + "grid:\n  model.l2: [0.0001, 1e-4]\n");
    assertOneLine(sweep("sweep", g.toString()), "grid.model.l2", "listed twice");
    Files.writeString(g, BASE
        + "grid:\n  training.optimizer: [{name: adam}, {name: adam, options: {}}]\n");
    assertOneLine(sweep("sweep", g.toString()), "g.yaml", "runs optimizer-adam and"
        + " optimizer-adam-2 are the same experiment");
  }

  @Test
  void runNamesAreReadableAndUnique() {
    assertEquals("obd+magnitude", Grid.valueName("[{\"name\":\"obd\"},{\"name\":\"magnitude\"}]"));
    assertEquals("adam+0.01", Grid.valueName(
        "{\"name\":\"adam\",\"options\":{\"learning-rate\":0.01}}"));
  }
}
