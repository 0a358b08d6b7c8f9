package org.obd.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.obd.train.experiment.Experiment;
import org.obd.train.experiment.ExperimentResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code obd run [EXPERIMENT.yaml]}: runs an experiment (the bundled default without a file),
 * reports progress on stderr and a summary table on stdout, and leaves its files in the run
 * directory; {@code --resume DIR} continues an interrupted run.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Runs an experiment: trains a network, prunes it with each strategy, records every"
        + " step.",
    description = {
      "Without EXPERIMENT.yaml it runs the default experiment, the bundled examples/digits.yaml:"
          + " a LeNet-style network on the bundled 8x8 digits, trained, then pruned by OBD, the"
          + " magnitude and the random baselines, without and with retraining.",
      "Progress goes to stderr (a bar on a terminal, plain lines otherwise), a summary table to"
          + " stdout; the run's files (config.yaml, provenance.json, checkpoint.json, metrics.csv,"
          + " metrics.json, saliencies.csv, trained-model.json, models/, plots/) go to the run"
          + " directory, by default a fresh runs/<name>-<yyyyMMdd-HHmmss>. An interrupted run"
          + " (Ctrl-C) continues with --resume DIR to the same final numbers. Every key is"
          + " described in docs/config.md."
    })
final class RunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ExperimentOptions experiment;

  @Option(
      names = "--resume",
      paramLabel = "DIR",
      description = "continue the run in DIR (its config.yaml and checkpoint) to the end")
  Path resume;

  @Override
  public Integer call() {
    Experiment e;
    Path dir;
    if (resume != null) {
      if (experiment.anyGiven()) {
        throw Options.invalid(spec, "--resume",
            "continues a run with its own config and directory; give it without EXPERIMENT.yaml,"
                + " --set or --out");
      }
      e = Experiment.resume(resume);
      dir = resume;
    } else {
      e = experiment.experiment();
      dir = Execution.directory(spec, e, experiment.out);
    }
    ExperimentResult r = Execution.run(spec, e, dir, experiment.quiet);
    Execution.summary(r, Execution.plots(r), spec.commandLine().getOut());
    return 0;
  }
}
