package org.obd.train.experiment;

import java.util.List;
import java.util.regex.Pattern;
import org.obd.train.config.Check;
import org.obd.train.config.ConfigException;
import org.obd.train.config.Doc;
import org.obd.train.loop.PruningConfig;
import org.obd.train.loop.TrainingConfig;

/**
 * One experiment, as read from YAML: train a network on a data set, then prune it with each
 * strategy, without and with retraining, recording every step. The validated record is the run's
 * provenance: {@link Experiment} writes it back, every default filled in, next to the results.
 *
 * @param name the experiment's name (lower-case words joined by '-'; names the run directory)
 * @param seed the seed of every random choice (split, initialisation, shuffles, strategies)
 * @param data where the samples come from and how they are split
 * @param model the network, loss, initialisation and L2 term
 * @param training how the network is trained before pruning
 * @param pruning the strategies, step, stopping rule and retraining
 * @param output where the results go
 * @param plugins Guice modules (class names) registering more strategies or optimizers
 */
public record ExperimentConfig(
    @Doc(value = "the experiment's name: lower-case words joined by '-'", example = "digits")
        String name,
    @Doc("the seed of every random choice") Long seed,
    @Doc("the samples: source, split, normalisation, targets") DataConfig data,
    @Doc("the network, loss, initialisation and L2 term") ModelConfig model,
    @Doc("how the network is trained before pruning") TrainingConfig training,
    @Doc("strategies, step, stopping rule, retraining") PruningConfig pruning,
    @Doc("where the results go") OutputConfig output,
    @Doc("Guice modules (class names) that register more strategies or optimizers")
        List<String> plugins) {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9]*(-[a-z0-9]+)*");

  /** Fills defaults and checks the name. */
  public ExperimentConfig {
    Check.required("name", name);
    if (!NAME.matcher(name).matches()) {
      throw ConfigException.invalid(
          "name", "must be lower-case words joined by '-' (it names the run directory), found '"
              + name + "'");
    }
    seed = seed == null ? 1L : seed;
    data = data == null ? DataConfig.defaults() : data;
    Check.required("model", model);
    training = training == null ? TrainingConfig.defaults() : training;
    pruning = pruning == null ? PruningConfig.defaults() : pruning;
    output = output == null ? OutputConfig.defaults() : output;
    plugins = plugins == null ? List.of() : List.copyOf(plugins);
  }

  /** The same experiment comparing {@code strategies} instead (each from the same network). */
  public ExperimentConfig withStrategies(List<org.obd.train.loop.Choice> strategies) {
    return new ExperimentConfig(name, seed, data, model, training,
        pruning.withStrategies(strategies), output, plugins);
  }
}
