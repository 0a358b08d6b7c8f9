package org.obd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.obd.report.Plots;
import org.obd.train.experiment.Metrics;
import org.obd.train.experiment.Saliencies;
import org.obd.train.experiment.StudyTables;
import org.obd.train.experiment.Summary;
import org.obd.train.loop.StepRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code obd report RUN_DIR}: draws a finished run's plots again from its {@code metrics.csv}
 * (and {@code saliencies.csv} when the run has one) into {@code RUN_DIR/plots} or {@code --out},
 * and prints the run's summary table and the files written on stdout.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Draws a run's plots from its metrics and prints its summary table.",
    description = {
      "Reads RUN_DIR/metrics.csv (and RUN_DIR/saliencies.csv when present), written by 'obd run',"
          + " and draws the run's plots as PNG and SVG (800x600) into RUN_DIR/plots: the training"
          + " objective vs the fraction deleted without and with retraining, predicted vs actual"
          + " change of the objective, test accuracy (classification runs), and per strategy the"
          + " first-step saliencies per layer. A plot with no data is not drawn.",
      "Prints the summary table (one line per strategy and retraining mode: its last step), the"
          + " diagnostics of OBD's assumptions and the files written on stdout.",
      "With several RUN_DIRs (e.g. the seeds of one experiment) it draws each run's plots and"
          + " prints the study tables over all of them, in Markdown: per strategy and sequence the"
          + " training objective and test accuracy at 10%%, 20%%, ..., 90%% deleted (mean ± sd), the"
          + " predicted/actual change of the objective per step, where each sequence ended, and"
          + " how far each strategy's first ranking agrees with magnitude's (saliencies.csv)."
          + " --tables prints those tables for a single run too (its own values)."
    })
final class ReportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "RUN_DIR",
      description = "a run directory of 'obd run' (holding metrics.csv); with several (e.g. the"
          + " seeds of one experiment), their plots and the study tables over all of them")
  List<Path> runs;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "draw the plots into DIR (default: RUN_DIR/plots)")
  Path out;

  @Option(
      names = "--tables",
      description = "print the study tables instead of the summary, also for one RUN_DIR")
  boolean tables;

  @Override
  public Integer call() {
    if (runs.size() > 1 || tables) {
      if (out != null) {
        throw Options.invalid(spec, "--out", runs.size() > 1
            ? "draws one run's plots; give one RUN_DIR with it"
            : "draws the plots beside the tables' run; leave it out with --tables");
      }
      List<List<StepRecord>> all = new java.util.ArrayList<>();
      for (Path run : runs) {
        all.add(records(run)); // every run checked before anything is drawn
      }
      PrintWriter o = spec.commandLine().getOut();
      for (int i = 0; i < runs.size(); i++) {
        Path run = runs.get(i);
        List<Path> files = report(run, all.get(i), null);
        o.println(run + ": " + files.size() / 2 + " plots in " + run.resolve(Plots.DIRECTORY));
      }
      o.println();
      try {
        o.print(StudyTables.tables(runs, StudyTables.LEVELS));
      } catch (IOException e) {
        throw new Errors.CliException(Errors.FAILURE, "cannot read the runs: " + e, e);
      }
      o.flush();
      return 0;
    }
    Path run = runs.get(0);
    List<StepRecord> records = records(run);
    List<Path> files = report(run, records, out);
    PrintWriter o = spec.commandLine().getOut();
    o.print(Summary.table(records));
    String diagnostics = Summary.diagnostics(records);
    if (!diagnostics.isEmpty()) {
      o.println();
      o.print(diagnostics);
    }
    o.println();
    if (files.isEmpty()) {
      o.println("plots: none (nothing to plot in " + run.resolve(Metrics.CSV_FILE) + ")");
    } else {
      o.println("plots:");
      for (Path f : files) {
        o.println("  " + f);
      }
    }
    o.flush();
    return 0;
  }

  /** A run's step records, with errors naming the directory or file. */
  private static List<StepRecord> records(Path run) {
    if (!Files.exists(run)) {
      throw Errors.badInput("run directory " + run + " does not exist");
    }
    if (!Files.isDirectory(run)) {
      throw Errors.badInput(run + " is a file, expected a run directory");
    }
    Path metrics = run.resolve(Metrics.CSV_FILE);
    if (!Files.exists(metrics)) {
      throw Errors.badInput(metrics + " does not exist: " + run + " is not a finished run"
          + " ('obd run' writes metrics.csv when it ends)");
    }
    try {
      return Metrics.read(metrics);
    } catch (IOException e) {
      throw Errors.unreadable("metrics file", metrics, e);
    }
  }

  /** Draws a run's plots into {@code dir0} (null: its plots directory); returns the files. */
  private List<Path> report(Path run, List<StepRecord> records, Path dir0) {
    Path salienciesFile = run.resolve(Saliencies.FILE);
    List<Saliencies.Row> saliencies = List.of();
    if (Files.exists(salienciesFile)) {
      try {
        saliencies = Saliencies.read(salienciesFile);
      } catch (IOException e) {
        throw Errors.unreadable("saliencies file", salienciesFile, e);
      }
    }
    Path dir = dir0 != null ? dir0 : run.resolve(Plots.DIRECTORY);
    if (dir0 != null) {
      Options.directoryOrNothing(spec, "--out", dir);
    } else if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw Errors.badInput(dir + " is a file, expected a directory for the plots");
    }
    List<Path> files;
    try {
      files = Plots.draw(dir, records, saliencies);
    } catch (NoSuchFileException e) {
      throw new Errors.CliException(Errors.BAD_INPUT,
          "cannot write the plots into " + dir + ": " + Errors.describe(e), e);
    } catch (IOException e) {
      throw new Errors.CliException(Errors.FAILURE,
          "cannot write the plots into " + dir + ": " + Errors.describe(e), e);
    }
    return files;
  }
}
