package org.obd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.obd.core.AtomicFiles;
import org.obd.report.Plots;
import org.obd.train.experiment.Experiment;
import org.obd.train.experiment.ExperimentResult;
import org.obd.train.experiment.Summary;
import org.obd.train.loop.StepRecord;
import org.obd.train.loop.TrainResult;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Running an experiment for {@code obd run} and {@code obd compare}: choosing and checking the
 * run directory, progress on stderr, Ctrl-C, the summary on stdout.
 */
final class Execution {

  private Execution() {}

  /**
   * The run directory: {@code out} (from {@code option}) when given, else the config's {@code
   * output.directory}, else a fresh {@code runs/<name>-<timestamp>}; checked to be a directory that
   * can be written, or nothing yet under one (the run creates it after loading its data).
   */
  static Path directory(CommandSpec spec, Experiment e, Path out) {
    Path dir = out != null ? out : e.directory();
    String option = out != null ? "--out" : "output.directory";
    if (dir == null) {
      dir = e.freshDirectory(Path.of("runs"));
      option = "the run directory";
    }
    Options.directoryOrNothing(spec, option, dir);
    if (Files.isDirectory(dir)) {
      if (!Files.isWritable(dir)) {
        throw Errors.badInput("cannot write in the run directory " + dir + ": permission denied");
      }
      return dir;
    }
    // not created here: the run creates it once its data have loaded, so that bad data leave no
    // empty directory behind; only checked that it can be
    Path parent = dir.toAbsolutePath().getParent();
    while (parent != null && !Files.exists(parent)) {
      parent = parent.getParent();
    }
    if (parent == null || !Files.isDirectory(parent)) {
      throw Errors.badInput("cannot create the run directory " + dir + ": "
          + (parent == null ? "no existing parent" : parent + " is not a directory"));
    }
    if (!Files.isWritable(parent)) {
      throw Errors.badInput(
          "cannot create the run directory " + dir + ": " + parent + ": permission denied");
    }
    return dir;
  }

  /**
   * Runs {@code e} in {@code dir} with progress on stderr (unless {@code quiet}), then prints the
   * summary on stdout. Ctrl-C while it runs prints how to resume; the files in {@code dir} are
   * then those of the last checkpoint, every one complete.
   */
  static ExperimentResult run(CommandSpec spec, Experiment e, Path dir, boolean quiet) {
    PrintWriter err = spec.commandLine().getErr();
    ProgressDisplay progress = new ProgressDisplay(err, ProgressDisplay.Mode.detect(quiet));
    Thread hook = new Thread(() -> {
      // the run's threads go on until the hooks end: let a result file being written be moved
      // into place, and start no other
      AtomicFiles.close(Duration.ofSeconds(30));
      progress.close();
      err.println("obd: interrupted; " + dir + " holds the last checkpoint: continue with"
          + " obd run --resume " + dir);
      err.flush();
    });
    Runtime.getRuntime().addShutdownHook(hook);
    ExperimentResult r;
    try {
      r = e.run(dir, progress);
    } finally {
      progress.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is exiting: the hook runs
      }
    }
    return r;
  }

  /**
   * Draws the plots of a finished run into its {@code plots/} directory (see {@link Plots}).
   *
   * @return the files written
   */
  static List<Path> plots(ExperimentResult r) {
    Path dir = r.directory();
    try {
      return Plots.drawRun(dir, r.records());
    } catch (IOException e) {
      throw new Errors.CliException(Errors.FAILURE,
          "cannot draw the plots in " + dir + ": " + Errors.describe(e), e);
    }
  }

  /**
   * The summary of a finished run: how the network was trained, the table of its sequences, the
   * diagnostics of OBD's assumptions with their warnings, and where its files are.
   */
  static void summary(ExperimentResult r, List<Path> plots, PrintWriter out) {
    TrainResult t = r.training();
    StepRecord first = r.records().get(0);
    out.printf(Locale.ROOT,
        "trained network: %s after %d epochs; objective %.5g, gradient norm %.3g, test accuracy"
            + " %.1f%%%n%n",
        t.reason(), t.epochs(), t.trainObjective(), t.gradientNorm(),
        100 * first.testAccuracy());
    out.print(Summary.sequences(r.sequences()));
    String diagnostics = Summary.diagnostics(r.records());
    if (!diagnostics.isEmpty()) {
      out.println();
      out.print(diagnostics);
    }
    out.printf("%nresults: %s (metrics.csv, metrics.json, config.yaml, provenance.json,"
        + " models/, %d plots in plots/)%n", r.directory(), plots.size() / 2);
    out.flush();
  }
}
