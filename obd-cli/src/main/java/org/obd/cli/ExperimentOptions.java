package org.obd.cli;

import java.nio.file.Path;
import java.util.List;
import org.obd.train.experiment.Experiment;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The options of every command that runs an experiment ({@code [EXPERIMENT.yaml]}, {@code --set},
 * {@code --out}, {@code --quiet}), declared once and mixed into {@code run} and {@code compare}.
 */
final class ExperimentOptions {

  @Parameters(
      arity = "0..1",
      paramLabel = "EXPERIMENT.yaml",
      description = "the experiment file (default: the bundled examples/digits.yaml)")
  Path file;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "override one key of the experiment, e.g. --set training.epochs=5 (repeatable)")
  List<String> set;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "the run directory (default: output.directory, else a fresh"
          + " runs/<name>-<yyyyMMdd-HHmmss>); one holding a run of the same config is continued,"
          + " one holding another config's run or result files without a run is refused")
  Path out;

  @Option(names = {"-q", "--quiet"}, description = "no progress on stderr")
  boolean quiet;

  /** Whether any option but {@code --quiet} was given. */
  boolean anyGiven() {
    return file != null || set != null || out != null;
  }

  /** The experiment the file (or the bundled default) and the overrides describe. */
  Experiment experiment() {
    List<String> overrides = set == null ? List.of() : set;
    return file == null
        ? Experiment.defaultExperiment(overrides)
        : Experiment.fromYaml(file, overrides);
  }
}
