package org.obd.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.obd.core.Network;
import org.obd.train.data.DataSummary;
import org.obd.train.experiment.Experiment;
import org.obd.train.experiment.ExperimentConfig;
import org.obd.train.experiment.ExperimentListener;
import org.obd.train.experiment.ExperimentResult;
import org.obd.train.loop.EpochRecord;
import org.obd.train.loop.PruneLoop;
import org.obd.train.loop.StepRecord;
import org.obd.train.loop.TrainResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code obd run [EXPERIMENT.yaml]}: runs an experiment (the bundled default without a file),
 * reports progress on stderr and a summary table on stdout, and leaves its files in the run
 * directory; a directory holding a checkpoint of the same config is resumed.
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
      "Progress goes to stderr, a summary table to stdout; the run's files (config.yaml,"
          + " checkpoint.json, metrics.csv, metrics.json, trained-model.json, models/) go to the"
          + " run directory. Running again on a directory that holds a checkpoint of the same"
          + " config resumes it. Every key is described in docs/config.md."
    })
final class RunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

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
      description = "the run directory (default: output.directory, else runs/<name>)")
  Path out;

  @Override
  public Integer call() {
    List<String> overrides = set == null ? List.of() : set;
    Experiment e =
        file == null ? Experiment.defaultExperiment(overrides) : Experiment.fromYaml(file, overrides);
    Path dir = out != null ? out : e.directory();
    String option = out != null ? "--out" : "output.directory";
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw Options.invalid(spec, option, dir + " is a file, expected a directory");
    }
    if (Files.isSymbolicLink(dir) && !Files.exists(dir)) {
      throw Options.invalid(spec, option,
          dir + " is a link to nothing, expected a directory (or a path that does not exist)");
    }
    PrintWriter err = spec.commandLine().getErr();
    ExperimentResult r = e.run(dir, new Progress(err));
    summary(r, spec.commandLine().getOut());
    return 0;
  }

  /** Plain progress lines on stderr: at most one every two seconds within a phase. */
  private static final class Progress implements ExperimentListener {
    private final PrintWriter err;
    private long last = System.nanoTime() - 3_000_000_000L;
    private String sequence = "";

    Progress(PrintWriter err) {
      this.err = err;
    }

    private void line(String s, boolean always) {
      long now = System.nanoTime();
      if (always || now - last > 2_000_000_000L) {
        err.println(s);
        err.flush();
        last = now;
      }
    }

    @Override
    public void started(ExperimentConfig c, DataSummary d, Network n, boolean resumed) {
      line(String.format(Locale.ROOT,
          "%s %s: %d training, %d validation, %d test samples; %d parameters%s",
          resumed ? "resuming" : "running", c.name(), d.train().size(), d.validation().size(),
          d.test().size(), n.parameterCount(), resumed ? " (from its checkpoint)" : ""), true);
    }

    @Override
    public void trainingEpoch(EpochRecord r, int max, double seconds) {
      line(String.format(Locale.ROOT,
          "training: epoch %d/%d, objective %.5g, gradient norm %.3g, validation %.5g (%.0f s)",
          r.epoch(), max, r.trainObjective(), r.gradientNorm(), r.validationObjective(), seconds),
          false);
    }

    @Override
    public void trained(TrainResult r) {
      line("trained: " + r.message(), true);
    }

    @Override
    public void sequenceStarted(String strategy, boolean retrained, int index, int count) {
      sequence = strategy + (retrained ? " with retraining" : " without retraining");
      line(String.format(Locale.ROOT, "pruning %d/%d: %s", index + 1, count, sequence), true);
    }

    @Override
    public void step(StepRecord r) {
      line(String.format(Locale.ROOT,
          "  %s: step %d, %.1f%% deleted, test accuracy %.1f%%", sequence, r.step(),
          100 * r.fractionDeleted(), 100 * r.testAccuracy()), false);
    }
  }

  private static void summary(ExperimentResult r, PrintWriter out) {
    TrainResult t = r.training();
    StepRecord first = r.records().get(0);
    out.printf(Locale.ROOT,
        "trained network: %s after %d epochs; objective %.5g, gradient norm %.3g, test accuracy"
            + " %.1f%%%n%n",
        t.reason(), t.epochs(), t.trainObjective(), t.gradientNorm(),
        100 * first.testAccuracy());
    out.printf(Locale.ROOT, "%-22s %-9s %5s %8s %11s %11s %9s  %s%n", "strategy", "retrained",
        "steps", "deleted", "train E", "test E", "test acc", "stop");
    for (PruneLoop.Sequence s : r.sequences()) {
      StepRecord end = s.records().get(s.records().size() - 1);
      out.printf(Locale.ROOT, "%-22s %-9s %5d %7.1f%% %11.5g %11.5g %8.1f%%  %s%n",
          end.strategy(), end.retrained() ? "yes" : "no", end.step(),
          100 * end.fractionDeleted(), end.trainObjective(), end.testObjective(),
          100 * end.testAccuracy(), s.stop());
    }
    out.printf("%nresults: %s (metrics.csv, metrics.json, config.yaml, models/)%n",
        r.directory());
    out.flush();
  }
}
