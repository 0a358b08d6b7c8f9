package org.obd.spark;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.obd.core.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code obd sweep GRID.yaml [--master URL] [--out DIR]}: runs the grid's experiments as Spark
 * tasks ({@link Sweep}); {@code --bench} also runs them one after another in this JVM and
 * compares ({@link Bench}).
 */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Runs a grid of experiments on Apache Spark, one task per run.",
    description = {
      "GRID.yaml names a base experiment (a file, or inline) and a grid of values over any"
          + " experiment keys (the keys --set takes): seed: [1, 2, 3], model.l2: [0, 1e-4], …;"
          + " the runs are every combination. Each run is one Spark task running the same"
          + " experiment code as 'obd run' into DIR/<run>/ (the same files); then DIR/metrics.csv"
          + " holds every run's rows (a run column and the grid's values first) and DIR/plots/ the"
          + " comparison plots, mean ± sd over the seeds.",
      "A failed task is run again by Spark; a sweep started again skips the runs already"
          + " complete. DIR must be visible to every executor (a shared file system on a"
          + " cluster). Progress goes to stderr."
    })
final class SweepCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "GRID.yaml", description = "the grid file (see the README)")
  Path grid;

  @Option(
      names = "--master",
      paramLabel = "URL",
      defaultValue = Contexts.DEFAULT_MASTER,
      description = "Spark master: local[N], local[*], spark://host:7077, … (default:"
          + " ${DEFAULT-VALUE}); local masters get retries, local[N," + Contexts.MAX_FAILURES
          + "]")
  String master;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "the sweep's directory (default: sweeps/<grid file name>)")
  Path out;

  @Option(
      names = "--max-failures",
      paramLabel = "N",
      defaultValue = "" + Contexts.MAX_FAILURES,
      description = "attempts of a task before the sweep fails (spark.task.maxFailures; default:"
          + " ${DEFAULT-VALUE})")
  int maxFailures;

  @Option(
      names = "--bench",
      description = "benchmark: run the sweep on Spark into DIR/spark, then the same runs one"
          + " after another in this JVM into DIR/sequential, compare their metrics, and time"
          + " data-parallel curvature against the local one; prints the times")
  boolean bench;

  @Override
  public Integer call() throws Exception {
    if (maxFailures < 1) {
      throw new IllegalArgumentException("--max-failures: must be at least 1, found "
          + maxFailures);
    }
    Path dir = out != null ? out
        : Path.of("sweeps", grid.getFileName().toString().replaceFirst("\\.ya?ml$", ""));
    if (Files.isSymbolicLink(dir) && !Files.exists(dir)) {
      throw new IllegalArgumentException("--out: " + dir
          + " is a link to nothing, expected a directory (or a path that does not exist)");
    }
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--out: " + dir + " is a file, expected a directory");
    }
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter stdout = spec.commandLine().getOut();
    if (bench) {
      Bench.run(grid, dir, master, maxFailures, err, stdout);
      return 0;
    }
    Sweep sweep = Sweep.plan(grid, dir);
    // a directory of another config is an error before Spark starts; with every run complete,
    // Spark does not start at all
    boolean pending = !sweep.pending().isEmpty();
    Contexts.check(master);
    JavaSparkContext sc = pending
        ? Contexts.start(master, "obd sweep " + grid.getFileName(), maxFailures) : null;
    Thread hook = new Thread(() -> {
      // as obd run: a result file being written is moved into place, and no other is started
      AtomicFiles.close(Duration.ofSeconds(30));
      err.println("obd: interrupted; the runs finished so far are kept in " + sweep.directory()
          + ": run the same command again to continue the others");
      err.flush();
    });
    Runtime.getRuntime().addShutdownHook(hook);
    Sweep.Result r;
    try {
      r = sweep.run(sc, Sweep.EXPERIMENT, err);
    } finally {
      if (sc != null) {
        sc.stop();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is exiting: the hook runs
      }
    }
    stdout.printf(Locale.ROOT, "%d runs (%d ran, %d already complete): %s%n", r.runs(),
        r.ran().size(), r.skipped(), r.directory());
    stdout.printf("combined metrics: %s%n", r.directory().resolve(Sweep.METRICS));
    stdout.printf("plots: %d in %s%n", r.plots().size() / 2,
        r.directory().resolve(org.obd.report.Plots.DIRECTORY));
    stdout.flush();
    return 0;
  }
}
