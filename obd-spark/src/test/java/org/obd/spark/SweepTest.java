package org.obd.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.TaskContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.obd.train.experiment.Experiment;
import org.obd.train.experiment.ExperimentListener;
import org.obd.train.experiment.Metrics;
import org.obd.train.loop.EpochRecord;

/**
 * A sweep of four tiny runs on {@code local[2]}: one run's first attempt is killed midway and
 * retried; each run's metrics equal running its config alone as {@code obd run} does; the
 * combined metrics, the plots, and a restart that skips the complete runs.
 */
@Tag("spark")
class SweepTest {

  static final String BASE = Path.of("..", "examples", "digits.yaml").toAbsolutePath()
      .normalize().toString();

  static final List<String> SET = List.of(
      "data.limit: 150", "training.epochs: 3", "training.patience: null",
      "pruning.strategies: [{name: obd}, {name: magnitude}]", "pruning.retrain: without",
      "pruning.step: {fraction: 0.3}", "pruning.target: 0.6");

  static Path grid(Path dir) throws Exception {
    Path grid = dir.resolve("grid.yaml");
    Files.writeString(grid, "experiment: " + BASE + "\nset:\n"
        + SET.stream().map(s -> "  " + s + "\n").collect(Collectors.joining())
        + "grid:\n  model.l2: [0, 0.001]\n  seed: [1, 2]\n");
    return grid;
  }

  /** The task of the sweep, except that the first attempt of {@code victim} dies after an epoch. */
  static RunTask failingFirstAttempt(String victim) {
    return run -> {
      if (run.name().equals(victim) && TaskContext.get().attemptNumber() == 0) {
        return Sweep.execute(run, new ExperimentListener() {
          @Override
          public void trainingEpoch(EpochRecord record, int maxEpochs, double seconds) {
            throw new IllegalStateException("killed by the test after epoch " + record.epoch());
          }
        });
      }
      return Sweep.execute(run, ExperimentListener.NONE);
    };
  }

  /** A metrics.csv without its last column, {@code seconds}. */
  static List<String> withoutSeconds(String csv) {
    return csv.lines().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
  }

  @Test
  void aRunFailingEveryAttemptStopsTheSweepWithOneMessage(@TempDir Path tmp) throws Exception {
    Path grid = tmp.resolve("one.yaml");
    Files.writeString(grid, "experiment: " + BASE + "\ngrid: {seed: [7]}\n");
    Sweep sweep = Sweep.plan(grid, tmp.resolve("out"));
    StringWriter progress = new StringWriter();
    RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
        () -> sweep.run(SparkTests.context(), run -> {
          throw new IllegalStateException("broken on attempt "
              + TaskContext.get().attemptNumber());
        }, new PrintWriter(progress, true)));
    assertTrue(e.getMessage().startsWith("the sweep stopped: "), e.getMessage());
    assertTrue(e.getMessage().contains("broken on attempt " + (Contexts.MAX_FAILURES - 1)),
        e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
    String log = progress.toString();
    assertEquals(Contexts.MAX_FAILURES - 1,
        log.lines().filter(l -> l.contains("Spark runs it again")).count(), log);
    assertEquals(1, log.lines().filter(l -> l.contains("its last attempt")).count(), log);
  }

  @Test
  void sweepSurvivesAKilledTaskAndMatchesObdRun(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("sweep");
    Sweep sweep = Sweep.plan(grid(tmp), out);
    List<String> names = sweep.runs().stream().map(SweepRun::name).toList();
    assertEquals(List.of("l2-0_seed-1", "l2-0_seed-2", "l2-0.001_seed-1", "l2-0.001_seed-2"),
        names);
    String victim = "l2-0.001_seed-1";
    StringWriter progress = new StringWriter();
    Sweep.Result r = sweep.run(SparkTests.context(), failingFirstAttempt(victim),
        new PrintWriter(progress, true));

    assertEquals(4, r.ran().size());
    Map<String, RunOutcome> byName = r.ran().stream()
        .collect(Collectors.toMap(RunOutcome::name, o -> o));
    assertEquals(1, byName.get(victim).attempt(), "the killed run was retried once");
    assertEquals(0, byName.get("l2-0_seed-1").attempt());
    String log = progress.toString();
    assertTrue(log.contains("a run failed on attempt 1 of 4; Spark runs it again"), log);
    assertTrue(log.contains("sweep: 4/4 runs done"), log);

    // each run equals its config run alone, as obd run runs it (the killed one included)
    for (String name : List.of(victim, "l2-0_seed-2")) {
      String l2 = name.startsWith("l2-0.001") ? "0.001" : "0";
      String seed = name.substring(name.length() - 1);
      List<String> overrides = new java.util.ArrayList<>(
          SET.stream().map(s -> s.replaceFirst(": ", "=")).toList());
      overrides.add("model.l2=" + l2);
      overrides.add("seed=" + seed);
      Path alone = tmp.resolve("alone-" + name);
      Experiment.fromYaml(Path.of(BASE), overrides).run(alone, ExperimentListener.NONE);
      String expected = Files.readString(alone.resolve(Metrics.CSV_FILE));
      String actual = Files.readString(out.resolve(name).resolve(Metrics.CSV_FILE));
      assertEquals(withoutSeconds(expected), withoutSeconds(actual), name);
      assertEquals(withoutSeconds(expected), withoutSeconds(byName.get(name).metricsCsv()));
      assertTrue(Files.exists(out.resolve(name).resolve("trained-model.json")));
      assertTrue(Files.exists(out.resolve(name).resolve("plots")));
    }

    // the combined metrics: run, the grid's values, then each run's rows
    List<String> combined = Files.readAllLines(out.resolve(Sweep.METRICS));
    assertEquals("run,model.l2,seed," + String.join(",", Metrics.COLUMNS), combined.get(0));
    int rows = 0;
    for (String name : names) {
      rows += Files.readAllLines(out.resolve(name).resolve(Metrics.CSV_FILE)).size() - 1;
    }
    assertEquals(rows + 1, combined.size());
    assertTrue(combined.get(1).startsWith("l2-0_seed-1,0,1,obd,0,"), combined.get(1));
    assertTrue(Files.exists(out.resolve("plots")
        .resolve(SweepPlots.OBJECTIVE_WITHOUT_RETRAINING + ".png")));
    assertTrue(Files.exists(out.resolve("plots").resolve(SweepPlots.TEST_ACCURACY + ".svg")));
    assertFalse(Files.exists(out.resolve("plots")
        .resolve(SweepPlots.OBJECTIVE_WITH_RETRAINING + ".png")), "no sequence retrains");

    // started again: every run is complete; one whose metrics are gone runs again, the same
    Sweep again = Sweep.plan(grid(tmp), out);
    assertEquals(List.of(), again.pending());
    String before = Files.readString(out.resolve(Sweep.METRICS));
    Files.delete(out.resolve("l2-0_seed-2").resolve(Metrics.CSV_FILE));
    Sweep.Result r2 = again.run(SparkTests.context(), Sweep.EXPERIMENT,
        new PrintWriter(new StringWriter(), true));
    assertEquals(3, r2.skipped());
    assertEquals(List.of("l2-0_seed-2"), r2.ran().stream().map(RunOutcome::name).toList());
    assertEquals(withoutSeconds(before),
        withoutSeconds(Files.readString(out.resolve(Sweep.METRICS))));
  }
}
