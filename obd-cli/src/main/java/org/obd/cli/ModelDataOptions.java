package org.obd.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.obd.core.Dataset;
import org.obd.core.Loss;
import org.obd.core.Model;
import org.obd.core.NonFiniteException;
import org.obd.core.Objective;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options of every command that evaluates a model's objective on a data set ({@code --model},
 * {@code --data}, {@code --loss}, {@code --targets}, {@code --batch-size}), declared once and mixed
 * into each command.
 */
final class ModelDataOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "M.json",
      description = "model file (format: see the README)")
  Path model;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "D.csv",
      description =
          "CSV data, one sample per row: the input values, then a class label 0..C-1 (C = the"
              + " model's outputs), or with --targets K real target values; .csv.gz is read too")
  Path data;

  @Option(
      names = "--loss",
      required = true,
      paramLabel = "LOSS",
      completionCandidates = CurvatureCommand.LossNames.class,
      description = "loss: ${COMPLETION-CANDIDATES}")
  String loss;

  @Option(
      names = "--targets",
      paramLabel = "K",
      description = "rows end with K real target values (K = the model's outputs), not a label")
  Integer targets;

  @Option(
      names = "--batch-size",
      paramLabel = "B",
      defaultValue = "" + Objective.DEFAULT_BATCH_SIZE,
      description = "samples per minibatch (default: ${DEFAULT-VALUE})")
  int batchSize;

  /** What the options name, loaded. */
  record Loaded(Model model, Dataset data, Objective objective) {}

  /**
   * A non-finite objective, derivative or score as a usage error (exit 2) naming the model and
   * data files: the model's parameters (or the data) make the network overflow, which is bad input,
   * not a failure of the computation.
   */
  Errors.CliException nonFinite(NonFiniteException e) {
    return new Errors.CliException(
        Errors.BAD_INPUT, e.message("of model " + model + " on data " + data), e);
  }

  /** The input files by option name, for {@link Output#checkOut}. */
  Map<String, Path> inputs() {
    Map<String, Path> files = new LinkedHashMap<>();
    files.put("--model", model);
    files.put("--data", data);
    return files;
  }

  /** Checks the option values (before any file is read); returns the loss. */
  Loss validate() {
    Loss l = Options.loss(spec, loss);
    Options.atLeast(spec, "--batch-size", batchSize, 1);
    if (targets != null) {
      Options.atLeast(spec, "--targets", targets, 1);
    }
    return l;
  }

  /**
   * Reads the model and data and builds the objective (both cores, reused buffers), its batch
   * size capped at the number of samples: a batch larger than the data runs as one batch of all
   * of them, with the same results.
   */
  Loaded load(Loss l) {
    Model m = Inputs.model(model);
    Dataset d = Inputs.data(data, m.network(), targets);
    return new Loaded(m, d, new Objective(m.network(), l, Math.min(batchSize, d.size()), true));
  }
}
