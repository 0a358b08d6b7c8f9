package org.obd.train.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sample config records in the shape the experiment records will have: nested records, lists of
 * records, kebab-case enums, optional values whose defaults the compact constructors fill in, a
 * free-form options block, and range checks that name their keys.
 */
final class Samples {

  private Samples() {}

  /** A whole experiment. */
  record Experiment(
      @Doc(value = "names the run and its output directory", example = "mnist-obd") String name,
      @Doc("seed of every random choice") Long seed,
      @Doc("the training data") Data data,
      @Doc("the network to train and prune") Model model,
      @Doc("how to train, and to retrain after each pruning round") Training training,
      @Doc("how to prune; none: train only") Pruning pruning,
      @Doc("what to write where") Output output,
      @Doc("Guice modules that register more saliency strategies") List<String> plugins) {
    Experiment {
      Check.required("name", name);
      seed = seed == null ? 42L : seed;
      Check.required("data", data);
      Check.required("model", model);
      training = training == null ? new Training(null, null, null, null, null, null) : training;
      output = output == null ? new Output(null, null, null) : output;
      plugins = plugins == null ? List.of() : List.copyOf(plugins);
    }
  }

  /** Where the samples come from. */
  record Data(
      @Doc(value = "CSV file of samples, label last", example = "data/train.csv") String path,
      @Doc("number of classes") Integer classes,
      @Doc("share of the rows held out for validation, in [0, 0.5]") Double validation,
      @Doc("whether to shuffle the rows before each epoch") Boolean shuffle) {
    Data {
      Check.required("path", path);
      classes = Check.positive("classes", classes == null ? 10 : classes);
      validation = Check.inRange("validation", validation == null ? 0.1 : validation, 0, 0.5);
      shuffle = shuffle == null ? Boolean.TRUE : shuffle;
    }
  }

  /** A dense network. */
  record Model(
      @Doc(value = "widths of the layers, input first", example = "[784, 30, 10]")
          List<Integer> layers,
      @Doc("activation of the hidden layers") Activation activation,
      @Doc("whether layers have biases") Boolean biases) {
    Model {
      Check.nonEmpty("layers", Check.required("layers", layers));
      for (int i = 0; i < layers.size(); i++) {
        Check.positive("layers[" + i + "]", layers.get(i));
      }
      layers = List.copyOf(layers);
      activation = activation == null ? Activation.TANH : activation;
      biases = biases == null ? Boolean.TRUE : biases;
    }
  }

  /** Hidden-layer activations. */
  enum Activation { TANH, RELU, LOGISTIC, SOFT_SIGN }

  /** Training losses. */
  enum Loss { MSE, SOFTMAX_CROSS_ENTROPY }

  /** Minibatch training. */
  record Training(
      @Doc("passes over the training rows") Integer epochs,
      @Doc("rows per minibatch") Integer batchSize,
      @Doc("the optimizer and its options") Optimizer optimizer,
      @Doc("the loss minimised") Loss loss,
      @Doc("L2 penalty per weight, per row") Double weightDecay,
      @Doc("epochs without improvement before stopping; none: never stop early") Integer patience) {
    Training {
      epochs = Check.positive("epochs", epochs == null ? 10 : epochs);
      batchSize = Check.positive("batch-size", batchSize == null ? 32 : batchSize);
      optimizer = optimizer == null ? new Optimizer(null, null) : optimizer;
      loss = loss == null ? Loss.SOFTMAX_CROSS_ENTROPY : loss;
      weightDecay = Check.nonNegative("weight-decay", weightDecay == null ? 0.0 : weightDecay);
      Check.positive("patience", patience);
    }
  }

  /** An optimizer by name, with its own options. */
  record Optimizer(
      @Doc("sgd, momentum or adam") String name,
      @Doc("the optimizer's options, e.g. learning-rate") Map<String, Object> options) {
    Optimizer {
      name = Check.oneOf("name", name == null ? "sgd" : name, List.of("sgd", "momentum", "adam"));
      options = options == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }
  }

  /** Rounds of pruning and retraining. */
  record Pruning(
      @Doc("saliency strategies, applied in turn") List<Strategy> strategies,
      @Doc("what one round deletes") Step step,
      @Doc("rounds of pruning") Integer rounds,
      @Doc("epochs of retraining after each round") Integer retrainEpochs) {
    Pruning {
      strategies = List.copyOf(Check.nonEmpty("strategies", Check.required("strategies", strategies)));
      step = step == null ? new Step(null, null, null) : step;
      rounds = Check.positive("rounds", rounds == null ? 5 : rounds);
      retrainEpochs = Check.nonNegative("retrain-epochs", retrainEpochs == null ? 2 : retrainEpochs);
    }
  }

  /** A saliency strategy by name. */
  record Strategy(
      @Doc(value = "the strategy's name, see obd strategies", example = "obd") String name,
      @Doc("the strategy's options") Map<String, Object> options,
      @Doc("weight of its scores when strategies are combined") Double weight) {
    Strategy {
      Check.required("name", name);
      options = options == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(options));
      weight = Check.positive("weight", weight == null ? 1.0 : weight);
    }
  }

  /** Where parameters are ranked against each other. */
  enum Scope { GLOBAL, PER_LAYER }

  /** What one pruning round deletes. */
  record Step(
      @Doc("rank all weights together, or each layer's") Scope scope,
      @Doc("share of the remaining weights deleted per round") Double fraction,
      @Doc("whether biases may be deleted") Boolean includeBiases) {
    Step {
      scope = scope == null ? Scope.GLOBAL : scope;
      fraction = Check.fraction("fraction", fraction == null ? 0.1 : fraction);
      includeBiases = includeBiases == null ? Boolean.FALSE : includeBiases;
    }
  }

  /** Output formats. */
  enum Format { CSV, JSON }

  /** What to write where. */
  record Output(
      @Doc("directory of the runs") String directory,
      @Doc("whether to save the model after each round") Boolean saveModels,
      @Doc("formats of the result tables") List<Format> formats) {
    Output {
      directory = directory == null ? "runs" : directory;
      saveModels = saveModels == null ? Boolean.TRUE : saveModels;
      formats = formats == null ? List.of(Format.CSV) : List.copyOf(formats);
    }
  }

  /** A complete experiment; line numbers are referred to by the tests. */
  static final String EXPERIMENT = """
      name: mnist-obd
      seed: 7
      data:
        path: data/mnist.csv
        classes: 10
        validation: 0.2
      model:
        layers: [784, 30, 10]
        activation: soft-sign
      training:
        epochs: 20
        batch-size: 64
        optimizer:
          name: momentum
          options:
            learning-rate: 1e-3
            momentum: 0.9
            nesterov: true
        loss: mse
      pruning:
        strategies:
          - name: obd
            options: {hessian: exact}
          - name: magnitude
            weight: 0.5
        step:
          scope: per-layer
          fraction: 0.25
      plugins:
        - org.example.MyModule
      """;
}
