package org.obd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code obd run}: the default experiment made tiny, its results, and bad input. */
class RunCommandTest {

  @TempDir Path dir;

  private static final String[] TINY = {
    "--set", "data.limit=300", "--set", "training.epochs=2", "--set", "pruning.max-steps=2",
    "--set", "pruning.retraining.epochs=1"
  };

  private Cli.Run run(String... args) throws IOException {
    return Cli.run(dir, args);
  }

  private static String[] with(String[] a, String... b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  @Test
  void theDefaultExperimentRunsAndSummarises() throws IOException {
    Path out = dir.resolve("run");
    Cli.Run r = run(with(with(new String[] {"run"}, TINY), "--out", out.toString()));
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.get(0).startsWith("trained network: max-epochs after 2 epochs"), r.out());
    List<String> rows = lines.stream().filter(l -> l.matches("(obd|magnitude|random) .*")).toList();
    assertEquals(6, rows.size(), r.out());
    assertTrue(rows.get(1).matches("obd +yes +2 .*max-steps"), rows.get(1));
    assertTrue(lines.get(lines.size() - 1).startsWith("results: " + out), r.out());
    for (String f : List.of("config.yaml", "checkpoint.json", "metrics.csv", "metrics.json",
        "trained-model.json")) {
      assertTrue(Files.exists(out.resolve(f)), f);
    }
    assertTrue(r.err().startsWith("running digits: 180 training, 60 validation, 60 test samples;"
        + " 2020 parameters\n"), r.err());
    Cli.Run again = run(with(with(new String[] {"run"}, TINY), "--out", out.toString()));
    assertEquals(0, again.code(), again.err());
    assertEquals(r.out(), again.out(), "a finished run resumed gives the same summary");
    assertTrue(again.err().startsWith("resuming digits"), again.err());
  }

  /**
   * The README's block of {@code obd run} output is what the default experiment prints, line for
   * line, but for the run directory's name (the full default run: about a minute).
   */
  @Test
  void theReadmeShowsWhatTheDefaultExperimentPrints() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    int start = readme.indexOf("```\ntrained network: patience");
    assertTrue(start > 0, "the README holds the default run's output");
    String block = readme.substring(start + 4, readme.indexOf("```", start + 4));
    Path out = dir.resolve("default");
    Cli.Run r = run("run", "-q", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(block.replaceAll("results: runs/digits-[0-9-]+ ", "results: " + out + " "),
        r.out());
  }

  private static void assertOneLineError(Cli.Run r, int code, String expected) {
    assertEquals(code, r.code(), r.err());
    assertEquals("", r.out());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith(expected), r.err());
  }

  @Test
  void badInputIsOneLineAndExitStatusTwo() throws IOException {
    assertOneLineError(run("run", dir.resolve("missing.yaml").toString()), 2,
        "obd: " + dir.resolve("missing.yaml") + ": no such file");
    assertOneLineError(run("run", "--set", "training.epochs=ten"), 2,
        "obd: --set training.epochs=ten: training.epochs: expected an integer, found 'ten'");
    assertOneLineError(run("run", "--set", "training.epoch=3"), 2,
        "obd: --set training.epoch=3: training: unknown key 'epoch'; valid keys:");
    assertOneLineError(run("run", "--set", "pruning.strategies[0].name=obx"), 2,
        "obd: --set pruning.strategies[0].name=obx: pruning.strategies[0].name: unknown saliency"
            + " strategy 'obx'; available:");
    Path yaml = dir.resolve("bad.yaml");
    Files.writeString(yaml, "name: bad\nmodel:\n  layers: [{type: dense, out: 10}]\n"
        + "pruning:\n  target: 2\n");
    assertOneLineError(run("run", yaml.toString()), 2,
        "obd: " + yaml + " line 5, column 11: pruning.target: must be in (0, 1], found 2.0");
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    assertOneLineError(run(with(new String[] {"run", "--out", file.toString()}, TINY)), 2,
        "obd: Invalid value for option '--out': " + file + " is a file, expected a directory");
    Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
    assertOneLineError(run(with(new String[] {"run", "--out", dangling.toString()}, TINY)), 2,
        "obd: Invalid value for option '--out': " + dangling + " is a link to nothing");
    Path linkToFile = Files.createSymbolicLink(dir.resolve("to-file"), file);
    assertOneLineError(run(with(new String[] {"run", "--out", linkToFile.toString()}, TINY)), 2,
        "obd: Invalid value for option '--out': " + linkToFile + " is a file");
    assertEquals("x", Files.readString(file), "the file is left as it was");
  }

  @Test
  void anotherConfigsRunDirectoryIsNotOverwritten() throws IOException {
    Path out = dir.resolve("run");
    assertEquals(0, run(with(with(new String[] {"run"}, TINY), "--out", out.toString())).code());
    String before = Files.readString(out.resolve("metrics.csv"));
    Cli.Run r =
        run(with(with(new String[] {"run"}, TINY), "--out", out.toString(), "--set",
            "seed=9"));
    assertOneLineError(r, 2, "obd: " + out + " holds a run of another config");
    assertEquals(before, Files.readString(out.resolve("metrics.csv")));
  }
}
