package org.obd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code obd report}: a hand-written run directory drawn and summarised, and bad input. */
class ReportCommandTest {

  @TempDir Path dir;

  private static final String HEADER = "strategy,step,retrained,deleted,remaining,"
      + "fraction_deleted,objective_before,predicted_delta,actual_delta,grad_norm,negative_h,"
      + "negative_h_share,train_objective,train_accuracy,validation_objective,"
      + "validation_accuracy,test_objective,test_accuracy,retrain_stop,seconds\n";

  /**
   * Two strategies (one label with a comma, quoted) without and with retraining, three steps
   * each; magnitude predicts nothing; obd's second step lowered E (ΔE < 0).
   */
  private static final String METRICS = HEADER
      + "obd,0,false,0,100,0.0,0.5,NaN,NaN,1e-6,0,0.0,0.5,0.9,NaN,NaN,0.55,0.9,,0.1\n"
      + "obd,1,false,20,80,0.2,0.5,0.01,0.02,1e-6,0,0.0,0.52,0.88,NaN,NaN,0.56,0.88,,0.1\n"
      + "obd,2,false,20,60,0.4,0.52,0.02,-0.001,1e-6,0,0.0,0.519,0.85,NaN,NaN,0.6,0.85,,0.1\n"
      + "obd,0,true,0,100,0.0,0.5,NaN,NaN,1e-6,0,0.0,0.5,0.9,NaN,NaN,0.55,0.9,,0.1\n"
      + "obd,1,true,20,80,0.2,0.5,0.01,0.02,1e-6,0,0.0,0.45,0.91,NaN,NaN,0.5,0.9,max-epochs,0.1\n"
      + "obd,2,true,20,60,0.4,0.45,0.02,0.04,1e-6,0,0.0,0.44,0.92,NaN,NaN,0.48,0.91,patience,0.1\n"
      + "\"magnitude, squared\",0,false,0,100,0.0,0.5,NaN,NaN,1e-6,0,0.0,0.5,0.9,NaN,NaN,0.55,0.9,"
      + ",0.1\n"
      + "\"magnitude, squared\",1,false,20,80,0.2,0.5,NaN,0.05,1e-6,0,0.0,0.55,0.8,NaN,NaN,0.6,0.8,"
      + ",0.1\n"
      + "\"magnitude, squared\",2,false,20,60,0.4,0.55,NaN,0.3,1e-6,0,0.0,0.85,0.6,NaN,NaN,0.9,0.6,"
      + ",0.1\n";

  private static final String SALIENCIES = "strategy,block,index,saliency\n"
      + "obd,layer0.weight,0,0.001\nobd,layer0.weight,1,0.0001\nobd,layer0.weight,2,-1e-5\n"
      + "obd,layer0.bias,3,0.5\nobd,layer1.weight,4,0.01\n";

  private Path runDir(boolean saliencies) throws IOException {
    Path run = Files.createDirectories(dir.resolve("run"));
    Files.writeString(run.resolve("metrics.csv"), METRICS);
    if (saliencies) {
      Files.writeString(run.resolve("saliencies.csv"), SALIENCIES);
    }
    return run;
  }

  @Test
  void drawsThePlotsAndPrintsTheSummaryTable() throws IOException {
    Path run = runDir(true);
    Cli.Run r = Cli.run(dir, "report", run.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    List<String> names = List.of("objective-without-retraining", "objective-with-retraining",
        "predicted-vs-actual", "test-accuracy", "saliency-obd");
    StringBuilder expected = new StringBuilder("""
        strategy               retrained steps  deleted     train E      test E  test acc
        obd                    no            2    40.0%     0.51900     0.60000     85.0%
        obd                    yes           2    40.0%     0.44000     0.48000     91.0%
        magnitude, squared     no            2    40.0%     0.85000     0.90000     60.0%

        assumptions at the first scoring (the trained network): gradient norm 1.00e-06;\
         negative h_kk 0 (0.0% of the remaining parameters)
          obd: predicted/actual ΔE per step 0.50, -20.00; within a factor 1.5 up to 0.0% deleted
        warning: the quadratic and diagonal approximation fails for obd from its first step\
         (20.0% deleted): predicted ΔE 0.0100, actual 0.0200 — the deletion is too large for a\
         second-order prediction, or interactions between the deleted weights dominate; take\
         smaller steps (pruning.step)

        plots:
        """);
    for (String n : names) {
      for (String ext : List.of(".png", ".svg")) {
        Path f = run.resolve("plots").resolve(n + ext);
        expected.append("  ").append(f).append('\n');
        assertTrue(Files.size(f) > 0, f.toString());
      }
    }
    assertEquals(expected.toString(), r.out());
    var png = ImageIO.read(run.resolve("plots/test-accuracy.png").toFile());
    assertNotNull(png);
    assertEquals(800, png.getWidth());
    assertEquals(600, png.getHeight());
    String svg = Files.readString(run.resolve("plots/test-accuracy.svg"));
    assertTrue(svg.contains("\nseries: magnitude, squared\n"), "the legend's names in the SVG");
    assertFalse(svg.contains("magnitude, squared (retrained)"), "no such sequence");
  }

  @Test
  void outDrawsElsewhereAndARunWithoutSalienciesHasNoSaliencyPlot() throws IOException {
    Path run = runDir(false);
    Path out = dir.resolve("elsewhere/plots");
    Cli.Run r = Cli.run(dir, "report", run.toString(), "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("\n  " + out.resolve("test-accuracy.svg") + "\n"), r.out());
    assertFalse(r.out().contains("saliency-"), r.out());
    assertFalse(Files.exists(run.resolve("plots")));
    try (var files = Files.list(out)) {
      assertEquals(8, files.count());
    }
  }

  @Test
  void aRunWithNothingToPlotSaysSo() throws IOException {
    Path run = Files.createDirectories(dir.resolve("empty"));
    Files.writeString(run.resolve("metrics.csv"), HEADER);
    Cli.Run r = Cli.run(dir, "report", run.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().endsWith("\nplots: none (nothing to plot in " + run.resolve("metrics.csv")
        + ")\n"), r.out());
    assertFalse(Files.exists(run.resolve("plots")));
  }

  private static void assertOneLineError(Cli.Run r, int code, String expected) {
    assertEquals(code, r.code(), r.err());
    assertEquals("", r.out());
    assertEquals(1, r.err().lines().count(), r.err());
    assertEquals(expected, r.err().strip());
  }

  @Test
  void badInputIsOneLineNamingTheFileAndExitStatusTwo() throws IOException {
    Path missing = dir.resolve("missing");
    assertOneLineError(Cli.run(dir, "report", missing.toString()), 2,
        "obd: run directory " + missing + " does not exist");

    Path file = Files.writeString(dir.resolve("a-file"), "x");
    assertOneLineError(Cli.run(dir, "report", file.toString()), 2,
        "obd: " + file + " is a file, expected a run directory");

    Path noMetrics = Files.createDirectories(dir.resolve("unfinished"));
    assertOneLineError(Cli.run(dir, "report", noMetrics.toString()), 2,
        "obd: " + noMetrics.resolve("metrics.csv") + " does not exist: " + noMetrics
            + " is not a finished run ('obd run' writes metrics.csv when it ends)");

    Path run = runDir(true);
    Path metrics = run.resolve("metrics.csv");
    Files.writeString(metrics, METRICS.replace("0.52,0.88", "abc,0.88"));
    assertOneLineError(Cli.run(dir, "report", run.toString()), 2,
        "obd: " + metrics + ": line 3, column train_objective: expected a number, found 'abc'");
    Files.writeString(metrics, "strategy,step\nobd,0\n");
    assertOneLineError(Cli.run(dir, "report", run.toString()), 2,
        "obd: " + metrics + ": line 1: the header has no column 'retrained' (expected the columns "
            + HEADER.strip() + ")");
    Files.writeString(metrics, METRICS + "obd,3,true\n");
    assertOneLineError(Cli.run(dir, "report", run.toString()), 2,
        "obd: " + metrics + ": line 11: expected 20 fields as in the header, found 3");

    Files.writeString(metrics, METRICS);
    Files.writeString(run.resolve("saliencies.csv"), "strategy,block,index,saliency\nobd,x\n");
    assertOneLineError(Cli.run(dir, "report", run.toString()), 2,
        "obd: " + run.resolve("saliencies.csv")
            + ": line 2: expected 4 fields (strategy,block,index,saliency)");

    Files.writeString(run.resolve("saliencies.csv"), SALIENCIES);
    assertOneLineError(Cli.run(dir, "report", run.toString(), "--out", file.toString()), 2,
        "obd: Invalid value for option '--out': " + file + " is a file, expected a directory"
            + " (see 'obd report --help')");
    assertFalse(Files.exists(run.resolve("plots")), "nothing drawn on bad input");
    assertEquals("x", Files.readString(file));
    Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
    assertOneLineError(Cli.run(dir, "report", run.toString(), "--out", dangling.toString()), 2,
        "obd: Invalid value for option '--out': " + dangling + " is a link to nothing, expected a"
            + " directory (or a path that does not exist) (see 'obd report --help')");

    assertOneLineError(Cli.run(dir, "report"), 2,
        "obd: Missing required parameter: 'RUN_DIR' (see 'obd report --help')");
  }

  @Test
  void severalRunsGiveTheirPlotsAndTheStudyTables() throws IOException {
    Path a = runDir(true);
    Path b = Files.createDirectories(dir.resolve("run2"));
    Files.writeString(b.resolve("metrics.csv"), METRICS);
    Cli.Run r = Cli.run(dir, "report", a.toString(), b.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith(a + ": 5 plots in " + a.resolve("plots") + "\n" + b
        + ": 4 plots in " + b.resolve("plots") + "\n"), r.out());
    assertTrue(r.out().contains("Runs: 2."), r.out());
    assertTrue(r.out().contains("\n| obd | 0.5000 ± 0.000 |"), r.out());
    assertOneLineError(Cli.run(dir, "report", a.toString(), b.toString(), "--out", "x"), 2,
        "obd: Invalid value for option '--out': draws one run's plots; give one RUN_DIR with it"
            + " (see 'obd report --help')");
    assertOneLineError(Cli.run(dir, "report", a.toString(), dir.resolve("none").toString()), 2,
        "obd: run directory " + dir.resolve("none") + " does not exist");
  }

  @Test
  void tablesPrintsOneRunsTables() throws IOException {
    Path a = runDir(true);
    Cli.Run r = Cli.run(dir, "report", "--tables", a.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith(a + ": 5 plots in " + a.resolve("plots") + "\n"), r.out());
    assertTrue(r.out().contains("\n| obd | 0.5000 |"), r.out());
    assertFalse(r.out().contains(" ± "), r.out());
    assertOneLineError(Cli.run(dir, "report", "--tables", a.toString(), "--out", "x"), 2,
        "obd: Invalid value for option '--out': draws the plots beside the tables' run; leave it"
            + " out with --tables (see 'obd report --help')");
  }

  @Test
  void helpNamesTheArgumentAndTheOption() throws IOException {
    Cli.Run r = Cli.run(dir, "report", "--help");
    assertEquals(0, r.code());
    assertTrue(r.out().startsWith("Draws a run's plots from its metrics and prints its summary"
        + " table.\nUsage: obd report [-hV] [--tables] [--verbose] [--out=DIR] RUN_DIR...\n"), r.out());
    assertTrue(r.out().contains("--out=DIR"), r.out());
  }
}
