package org.obd.spark;

import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.obd.core.AtomicFiles;
import org.obd.core.Echo;
import org.obd.report.Plots;
import org.obd.train.config.ConfigException;
import org.obd.train.experiment.DataConfig;
import org.obd.train.experiment.Experiment;
import org.obd.train.experiment.ExperimentListener;
import org.obd.train.experiment.ExperimentResult;
import org.obd.train.experiment.Metrics;

/**
 * A sweep of experiments on Spark: the runs of a {@link Grid}, each resolved and checked on the
 * driver, each run as one Spark task by the same {@link Experiment} code as {@code obd run}, with
 * its directory {@code <out>/<run name>/} holding the files {@code obd run} writes there.
 *
 * <p><b>Shared file system.</b> A task writes its run directory itself, so the output directory
 * must be one path that the driver and every executor see (any directory with local Spark; a
 * shared or network file system on a cluster). Only the run's name, its resolved config as YAML
 * text and its directory are shipped to the task; its metrics are shipped back.
 *
 * <p><b>Retries and restarts.</b> A failed task is run again by Spark (up to {@code
 * spark.task.maxFailures}); the new attempt resumes the run's checkpoint, so it ends with the same
 * numbers. A run directory holding {@code metrics.csv} (written last) of the same config is
 * complete: a sweep started again skips it.
 *
 * <p><b>Results.</b> After the runs, {@code <out>/metrics.csv} holds every run's rows, each
 * prefixed with the run's name and its grid values, and {@code <out>/plots/} the comparison plots
 * over the runs, mean ± sd over the seeds of each configuration ({@link SweepPlots}).
 */
public final class Sweep {

  /** The combined metrics in the sweep's directory. */
  public static final String METRICS = "metrics.csv";

  /** The task of {@code obd sweep}: runs the experiment as {@code obd run} does, with its plots. */
  public static final RunTask EXPERIMENT = run -> execute(run, ExperimentListener.NONE);

  private final Grid grid;
  private final Path out;
  private final List<Grid.Run> runs;
  private final List<SweepRun> resolved;

  private Sweep(Grid grid, Path out, List<Grid.Run> runs, List<SweepRun> resolved) {
    this.grid = grid;
    this.out = out;
    this.runs = runs;
    this.resolved = resolved;
  }

  /**
   * Reads a grid file and resolves and checks every run's config on the driver.
   *
   * @param out the sweep's directory
   * @throws IllegalArgumentException one line naming the file, the key and the value at fault
   */
  public static Sweep plan(Path gridFile, Path out) {
    Grid grid = Grid.read(gridFile);
    Path dir = out.toAbsolutePath().normalize();
    List<Grid.Run> runs = grid.runs();
    List<SweepRun> resolved = new ArrayList<>();
    for (Grid.Run r : runs) {
      Experiment e = experiment(grid, r, r.overrides());
      List<String> absolute = absoluteData(e.config().data(), grid, r);
      if (!absolute.isEmpty()) {
        List<String> all = new ArrayList<>(r.overrides());
        all.addAll(absolute);
        e = experiment(grid, r, all);
      }
      for (SweepRun other : resolved) {
        if (other.yaml().equals(e.resolvedYaml())) {
          throw new IllegalArgumentException(grid.file() + ": runs " + other.name() + " and "
              + r.name() + " are the same experiment (their grid values are equal once read);"
              + " list each value once");
        }
      }
      resolved.add(new SweepRun(r.name(), e.resolvedYaml(), dir.resolve(r.name()).toString()));
    }
    return new Sweep(grid, dir, runs, resolved);
  }

  private static Experiment experiment(Grid grid, Grid.Run run, List<String> overrides) {
    try {
      return Experiment.fromYaml(grid.base(), grid.baseSource(), overrides);
    } catch (ConfigException e) {
      String where = null;
      for (String o : overrides) {
        if (e.source() != null && e.source().equals("--set " + Echo.abbreviate(o))) {
          String key = o.substring(0, o.indexOf('='));
          where = (run.values().containsKey(key) ? "grid." : "set.") + key + " = "
              + Echo.abbreviate(o.substring(o.indexOf('=') + 1));
        }
      }
      String problem = (e.key() == null || e.key().isEmpty() ? "" : e.key() + ": ")
          + e.problem();
      if (where != null) {
        throw new IllegalArgumentException(grid.file() + ": " + where + ": " + problem, e);
      }
      throw new IllegalArgumentException(e.getMessage() + " (run " + run.name() + " of "
          + grid.file() + ")", e);
    }
  }

  /**
   * Overrides making the data files absolute (relative ones are from the driver's working
   * directory, as for {@code obd run}), after checking that they exist.
   */
  private static List<String> absoluteData(DataConfig d, Grid grid, Grid.Run run) {
    List<String> overrides = new ArrayList<>();
    String[][] files = {{"data.path", d.path()}, {"data.images", d.images()},
        {"data.labels", d.labels()}};
    for (String[] f : files) {
      if (f[1] == null) {
        continue;
      }
      Path p = Path.of(f[1]);
      if (!Files.isRegularFile(p)) {
        throw new IllegalArgumentException(grid.file() + ": " + f[0] + ": no such file '" + p
            + "' (run " + run.name() + "; relative paths are from the working directory)");
      }
      if (!p.isAbsolute()) {
        overrides.add(f[0] + "=" + Grid.flow(TextNode.valueOf(p.toAbsolutePath().toString())));
      }
    }
    return overrides;
  }

  /** The sweep's directory. */
  public Path directory() {
    return out;
  }

  /** Every run, in grid order. */
  public List<SweepRun> runs() {
    return resolved;
  }

  /** The grid's keys, in file order. */
  public List<String> keys() {
    return List.copyOf(grid.axes().keySet());
  }

  /**
   * The runs not yet complete.
   *
   * @throws IllegalArgumentException when a run's directory holds a run of another config
   */
  public List<SweepRun> pending() {
    List<SweepRun> pending = new ArrayList<>();
    for (SweepRun r : resolved) {
      Path dir = Path.of(r.directory());
      Path config = dir.resolve(Experiment.CONFIG_FILE);
      try {
        if (Files.exists(config) && !Files.readString(config).equals(r.yaml())) {
          throw new IllegalArgumentException(dir + " holds a run of another config (" + config
              + "): the grid or its experiment changed since; choose another --out, or delete"
              + " that directory to run it afresh");
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + config + ": " + e.getMessage(), e);
      }
      if (!Files.exists(dir.resolve(Metrics.CSV_FILE))) {
        pending.add(r);
      }
    }
    return pending;
  }

  /**
   * Runs one experiment into its directory, as {@code obd run} does (resuming a checkpoint found
   * there), draws its plots, and returns its metrics.
   */
  public static RunOutcome execute(SweepRun run, ExperimentListener listener) throws IOException {
    long start = System.nanoTime();
    Path dir = Path.of(run.directory());
    ExperimentResult r = Experiment.fromYaml(run.yaml(), run.name(), List.of())
        .run(dir, listener);
    Plots.drawRun(dir, r.records());
    TaskContext tc = TaskContext.get();
    return new RunOutcome(run.name(), Files.readString(dir.resolve(Metrics.CSV_FILE)),
        (System.nanoTime() - start) / 1e9, tc == null ? 0 : tc.attemptNumber());
  }

  /**
   * The result of a sweep.
   *
   * @param directory the sweep's directory
   * @param runs how many runs the grid has
   * @param skipped how many were complete before (not run again)
   * @param ran the outcomes of the runs run now, in grid order
   * @param plots the comparison plots' files (PNG and SVG of each)
   */
  public record Result(Path directory, int runs, int skipped, List<RunOutcome> ran,
      List<Path> plots) {}

  /**
   * Runs the pending runs as Spark tasks, one per run, then writes the combined metrics and the
   * plots. Progress (runs done / total, failed attempts) goes to {@code progress} as lines.
   *
   * @param sc the Spark context; may be null when no run is pending
   */
  public Result run(JavaSparkContext sc, RunTask task, PrintWriter progress) throws IOException {
    List<SweepRun> pending = pending();
    Files.createDirectories(out);
    int skipped = runs.size() - pending.size();
    progress.printf("sweep: %d runs in %s; %d already complete%n", runs.size(), out, skipped);
    progress.flush();
    List<RunOutcome> ran = List.of();
    if (!pending.isEmpty()) {
      String group = "obd-sweep-" + UUID.randomUUID();
      SweepProgress listener = new SweepProgress(group, runs.size(), skipped,
          sc.getConf().getInt("spark.task.maxFailures", Contexts.MAX_FAILURES), progress);
      sc.sc().addSparkListener(listener);
      sc.setJobGroup(group, "obd sweep " + grid.file().getFileName(), false);
      try {
        ran = sc.parallelize(pending, pending.size()).map(new Execute(task)).collect();
      } catch (Exception e) { // Spark's SparkException, which Scala does not declare
        if (!(e instanceof org.apache.spark.SparkException)) {
          throw e;
        }
        String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        throw org.obd.cli.Main.failure("the sweep stopped: " + why + "; the runs finished so far"
            + " are kept in " + out + ", and starting the sweep again runs the others", e);
      } finally {
        sc.clearJobGroup();
        try {
          sc.sc().listenerBus().waitUntilEmpty(); // every progress line printed
        } catch (java.util.concurrent.TimeoutException e) {
          // progress lines may follow; the results do not depend on them
        }
        sc.sc().removeSparkListener(listener);
      }
    }
    return finish(skipped, ran);
  }

  /**
   * Runs the pending runs one after another in this JVM, without Spark (what a sweep costs on one
   * machine; {@code obd sweep --bench}), then writes the combined metrics and the plots.
   */
  public Result runSequentially(RunTask task, PrintWriter progress) throws Exception {
    List<SweepRun> pending = pending();
    Files.createDirectories(out);
    int skipped = runs.size() - pending.size();
    List<RunOutcome> ran = new ArrayList<>();
    for (SweepRun r : pending) {
      ran.add(task.run(r));
      progress.printf("sweep (one JVM): %d/%d runs done%n", skipped + ran.size(), runs.size());
      progress.flush();
    }
    return finish(skipped, ran);
  }

  private Result finish(int skipped, List<RunOutcome> ran) throws IOException {
    Map<String, String> csv = new LinkedHashMap<>();
    for (RunOutcome o : ran) {
      csv.put(o.name(), o.metricsCsv());
    }
    for (SweepRun r : resolved) {
      if (!csv.containsKey(r.name())) {
        csv.put(r.name(), Files.readString(Path.of(r.directory()).resolve(Metrics.CSV_FILE)));
      }
    }
    AtomicFiles.writeString(out.resolve(METRICS), combined(csv));
    List<Path> plots = Plots.write(out.resolve(Plots.DIRECTORY), SweepPlots.plots(this));
    return new Result(out, runs.size(), skipped, List.copyOf(ran), plots);
  }

  /** Each run's grid values, as plain text (strings without their quotes), by run name. */
  Map<String, Map<String, String>> values() {
    Map<String, Map<String, String>> values = new LinkedHashMap<>();
    for (Grid.Run r : runs) {
      Map<String, String> v = new LinkedHashMap<>();
      r.values().forEach((k, flow) -> v.put(k, plain(flow)));
      values.put(r.name(), v);
    }
    return values;
  }

  private static String plain(String flow) {
    return Grid.text(flow);
  }

  /** {@code metrics.csv} of the sweep: {@code run}, the grid keys, then each run's columns. */
  private String combined(Map<String, String> csv) {
    Map<String, Map<String, String>> values = values();
    StringBuilder sb = new StringBuilder("run");
    for (String k : keys()) {
      sb.append(',').append(quote(k));
    }
    sb.append(',').append(String.join(",", Metrics.COLUMNS)).append('\n');
    for (SweepRun r : resolved) {
      StringBuilder prefix = new StringBuilder(quote(r.name()));
      for (String v : values.get(r.name()).values()) {
        prefix.append(',').append(quote(v));
      }
      List<String> lines = csv.get(r.name()).lines().toList();
      if (lines.isEmpty() || !lines.get(0).equals(String.join(",", Metrics.COLUMNS))) {
        throw new IllegalStateException("the metrics of run " + r.name()
            + " do not have the columns " + String.join(",", Metrics.COLUMNS));
      }
      for (String line : lines.subList(1, lines.size())) {
        sb.append(prefix).append(',').append(line).append('\n');
      }
    }
    return sb.toString();
  }

  /** A CSV field, quoted RFC-4180 style when it holds a comma, quote or line break. */
  static String quote(String s) {
    return s.matches("[^,\"\r\n]*") ? s : '"' + s.replace("\"", "\"\"") + '"';
  }

  /** The Spark function of a run: the task, with the task's attempt to fail and retry. */
  private static final class Execute implements Function<SweepRun, RunOutcome> {
    private static final long serialVersionUID = 1L;
    private final RunTask task;

    Execute(RunTask task) {
      this.task = task;
    }

    @Override
    public RunOutcome call(SweepRun run) throws Exception {
      return task.run(run);
    }
  }
}
