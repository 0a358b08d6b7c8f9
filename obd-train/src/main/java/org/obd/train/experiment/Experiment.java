package org.obd.train.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.obd.core.AtomicFiles;
import org.obd.core.Compaction;
import org.obd.core.L2;
import org.obd.core.Loss;
import org.obd.core.Model;
import org.obd.core.ModelJson;
import org.obd.core.OptionsException;
import org.obd.core.Network;
import org.obd.core.Objective;
import org.obd.core.Shape;
import org.obd.saliency.ConfiguredStrategy;
import org.obd.train.config.ConfigException;
import org.obd.train.config.ConfigLocations;
import org.obd.train.config.Loaded;
import org.obd.train.config.YamlConfig;
import org.obd.train.data.CsvData;
import org.obd.train.data.CsvTargets;
import org.obd.train.data.DataPipeline;
import org.obd.train.data.Digits;
import org.obd.train.data.IdxData;
import org.obd.train.data.PreparedData;
import org.obd.train.data.RawData;
import org.obd.train.data.TargetEncoding;
import org.obd.train.loop.Choice;
import org.obd.train.loop.EpochRecord;
import org.obd.train.loop.PruneLoop;
import org.obd.train.loop.Seeds;
import org.obd.train.loop.SequenceState;
import org.obd.train.loop.StepRecord;
import org.obd.train.loop.TrainResult;
import org.obd.train.loop.Trainer;
import org.obd.train.loop.TrainerState;
import org.obd.train.loop.TrainingConfig;
import org.obd.train.loop.TrainingListener;
import org.obd.train.optim.Optimizer;

/**
 * An experiment, ready to run: a validated {@link ExperimentConfig} and the registries its names
 * refer to. The composition root of obd-train: it builds the one Guice injector (through {@link
 * Registries}) and everything else from the config.
 *
 * <pre>{@code
 * ExperimentResult r = Experiment.fromYaml(Path.of("experiment.yaml")).run(listener);
 * r.records();   // every prune step of every strategy
 * }</pre>
 *
 * <p>A run loads and splits the data, builds and initialises the network, trains it, then runs a
 * prune sequence per strategy and retraining mode, all from the one trained network. Its directory
 * holds the resolved config ({@code config.yaml}), a checkpoint rewritten atomically after every
 * step and every few epochs ({@code checkpoint.json}), its provenance ({@code provenance.json}),
 * each strategy's first-step saliencies ({@code saliencies.csv}), and at the end the step records
 * ({@code metrics.csv}, {@code metrics.json}), the trained model ({@code trained-model.json}) and
 * each sequence's final model with its {@linkplain Compaction compact} copy ({@code
 * models/<strategy>[-retrained][-compact].json}). Running again on a directory that holds a
 * checkpoint of the same config resumes it: a run killed at any point ends with the same numbers,
 * bit for bit, as an uninterrupted one. A directory holding another config's run, or result files
 * without a run, is refused before anything in it is written.
 */
public final class Experiment {

  /** The resolved config's file in a run directory. */
  public static final String CONFIG_FILE = "config.yaml";

  /**
   * The files and folders a run writes besides its config and checkpoint: found without either, a
   * run refuses the directory rather than overwrite them.
   */
  static final List<String> RESULT_NAMES = List.of(
      Metrics.CSV_FILE, Metrics.JSON_FILE, Saliencies.FILE, Provenance.FILE,
      "trained-model.json", "models", "plots");

  private final ExperimentConfig config;
  private final ConfigLocations locations;
  private final Registries registries;

  private Experiment(ExperimentConfig config, ConfigLocations locations) {
    this.config = config;
    this.locations = locations;
    try {
      this.registries = Registries.load(config.plugins());
    } catch (IllegalArgumentException e) {
      throw error("plugins", e.getMessage().replaceFirst("^plugins: ", ""));
    }
    validate();
  }

  /**
   * Reads and validates an experiment file.
   *
   * @throws ConfigException naming the file, line, key, the value and what was expected
   */
  public static Experiment fromYaml(Path file) {
    return fromYaml(file, List.of());
  }

  /**
   * Reads an experiment file, applies {@code key.path=value} overrides, and validates.
   *
   * @throws ConfigException naming the file (or override), line, key and what was expected
   */
  public static Experiment fromYaml(Path file, List<String> overrides) {
    Loaded<ExperimentConfig> l = YamlConfig.load(file, ExperimentConfig.class, overrides);
    return new Experiment(l.value(), l.locations());
  }

  /** Reads an experiment from YAML text ({@code source} names it in errors). */
  public static Experiment fromYaml(String yaml, String source, List<String> overrides) {
    Loaded<ExperimentConfig> l = YamlConfig.read(yaml, source, ExperimentConfig.class, overrides);
    return new Experiment(l.value(), l.locations());
  }

  /** The class-path resource of the default experiment, {@code examples/digits.yaml}. */
  public static final String DEFAULT_RESOURCE = "digits.yaml";

  /**
   * The default experiment: the bundled {@code examples/digits.yaml} (a LeNet-style network on
   * the bundled digits; OBD against magnitude and random, without and with retraining), with
   * overrides.
   *
   * @throws ConfigException for an override that does not fit, naming it
   */
  public static Experiment defaultExperiment(List<String> overrides) {
    try (var in = Experiment.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "the default experiment " + DEFAULT_RESOURCE + " is missing from the class path");
      }
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return fromYaml(yaml, "examples/digits.yaml (the default experiment)", overrides);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the default experiment: " + e.getMessage(), e);
    }
  }

  /**
   * An experiment from a config built in code.
   *
   * @throws IllegalArgumentException naming the key and what was expected
   */
  public static Experiment of(ExperimentConfig config) {
    return new Experiment(config, null);
  }

  /**
   * The same experiment comparing {@code strategies} instead of the config's (each from the same
   * trained network, seeded by its name and options, not its position).
   *
   * @throws IllegalArgumentException naming {@code pruning.strategies[i]} for an unknown strategy
   *     or options that do not fit it
   */
  public Experiment withStrategies(List<Choice> strategies) {
    return new Experiment(config.withStrategies(strategies), null);
  }

  /** The validated config, every default filled in. */
  public ExperimentConfig config() {
    return config;
  }

  /** The registries the config's names are looked up in. */
  public Registries registries() {
    return registries;
  }

  /** The resolved config as YAML (the run's provenance). */
  public String resolvedYaml() {
    return YamlConfig.write(config);
  }

  /**
   * The run directory the config names ({@code output.directory}), or null when it names none and
   * each run gets a fresh one (see {@link #freshDirectory}).
   */
  public Path directory() {
    return config.output().directory() != null ? Path.of(config.output().directory()) : null;
  }

  /**
   * A run directory that does not exist yet: {@code runs/<name>-<yyyyMMdd-HHmmss>} (local time)
   * under {@code parent}, with {@code -2}, {@code -3}, … appended when a run of the same name
   * started in the same second.
   */
  public Path freshDirectory(Path parent) {
    String stamp = java.time.LocalDateTime.now().withNano(0)
        .format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path base = parent.resolve(config.name() + "-" + stamp);
    Path p = base;
    for (int i = 2; Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS); i++) {
      p = parent.resolve(base.getFileName() + "-" + i);
    }
    return p;
  }

  /**
   * The experiment of an existing run directory: its resolved config, {@code dir/config.yaml}, to
   * be continued with {@link #run(Path, ExperimentListener)} on {@code dir}.
   *
   * @throws IllegalArgumentException when {@code dir} is not a directory or holds no config
   * @throws ConfigException when its config does not load
   */
  public static Experiment resume(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(dir + (Files.exists(dir) ? " is not a directory"
          : " does not exist") + "; expected a run directory");
    }
    Path file = dir.resolve(CONFIG_FILE);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          dir + " is not a run directory: it holds no " + CONFIG_FILE);
    }
    return fromYaml(file);
  }

  private IllegalArgumentException error(String key, String problem) {
    return locations != null
        ? locations.error(key, problem)
        : new IllegalArgumentException(key + ": " + problem);
  }

  /** Checks every name against its registry and the options against their records. */
  private void validate() {
    optimizer(config.training().optimizer(), "training.optimizer");
    if (config.pruning().retraining() != null) {
      optimizer(config.pruning().retraining().optimizer(), "pruning.retraining.optimizer");
    }
    List<Choice> strategies = config.pruning().strategies();
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < strategies.size(); i++) {
      Choice c = strategies.get(i);
      String key = "pruning.strategies[" + i + "]";
      if (!registries.strategies().contains(c.name())) {
        throw error(key + ".name", unknown(registries.strategies().kind(), c.name(),
            registries.strategies().names()));
      }
      try {
        registries.strategies().options(c.name(), c.options());
      } catch (IllegalArgumentException e) {
        throw error(optionKey(key, c, e), e.getMessage());
      }
      if (seen.contains(c.toString())) {
        throw error(key, "strategy " + c + " is listed twice");
      }
      seen.add(c.toString());
    }
    String diagnostic = config.pruning().diagnosticHessian();
    if (!registries.curvature().contains(diagnostic)) {
      throw error("pruning.diagnostic-hessian", unknown(registries.curvature().kind(),
          diagnostic, registries.curvature().names()));
    }
    boolean validation = config.data().split().validation() > 0;
    if (!validation && config.training().patience() != null) {
      throw error("training.patience",
          "needs a validation set, but data.split.validation is 0; give it a fraction or unset"
              + " patience");
    }
    if (!validation && config.pruning().retraining() != null
        && config.pruning().retraining().patience() != null) {
      throw error("pruning.retraining.patience",
          "needs a validation set, but data.split.validation is 0; give it a fraction or unset"
              + " patience");
    }
    if (!validation && config.pruning().validationBudget() != null) {
      throw error("pruning.validation-budget",
          "needs a validation set, but data.split.validation is 0; give it a fraction or unset"
              + " the budget");
    }
    if (config.data().targets() == TargetEncoding.PLUS_MINUS_ONE
        && config.model().loss() != Loss.MSE) {
      throw error(
          "data.targets",
          "plus-minus-one targets need the mse loss (softmax-cross-entropy needs targets of 0"
              + " and 1); set model.loss: mse or data.targets: one-hot");
    }
  }

  private void optimizer(Choice c, String key) {
    if (!registries.optimizers().contains(c.name())) {
      throw error(key + ".name", unknown(registries.optimizers().kind(), c.name(),
          registries.optimizers().names()));
    }
    Optimizer o;
    try {
      o = registries.optimizers().create(c.name(), c.options());
    } catch (IllegalArgumentException e) {
      throw error(optionKey(key, c, e), e.getMessage());
    }
    String method = o.diagonalMethod();
    if (method != null && !registries.curvature().contains(method)) {
      throw error(key + ".options", unknown(registries.curvature().kind(), method,
          registries.curvature().names()));
    }
  }

  /** The key an options error is about: the option itself when it names one the block has. */
  private static String optionKey(String key, Choice c, IllegalArgumentException e) {
    String option = e instanceof OptionsException o ? o.key() : null;
    return option != null && c.options().containsKey(option)
        ? key + ".options." + option
        : key + ".options";
  }

  private static String unknown(String kind, String name, List<String> valid) {
    return "unknown " + kind + " '" + name + "'; available: " + String.join(", ", valid);
  }

  // ---------------------------------------------------------------------------------------------
  // Running

  /**
   * Runs the experiment in {@link #directory()}, resuming the checkpoint found there, or in a
   * {@linkplain #freshDirectory fresh directory} under {@code runs/} when the config names none.
   */
  public ExperimentResult run(ExperimentListener listener) {
    Path dir = directory();
    return run(dir != null ? dir : freshDirectory(Path.of("runs")), listener);
  }

  /**
   * Runs the experiment with its files in {@code dir}, resuming the checkpoint of the same config
   * found there.
   *
   * @throws ConfigException (an {@link IllegalArgumentException}) for data or a network that do
   *     not fit the config, naming the key; an {@link IllegalArgumentException} when {@code dir}
   *     holds a run of another config
   * @throws UncheckedIOException when the run's files cannot be written
   */
  public ExperimentResult run(Path dir, ExperimentListener listener) {
    PreparedData data = loadData();
    Network net = buildNetwork(data);
    checkTarget(net);
    try {
      return new Run(dir, data, net, listener).execute();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the run's files in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * What a run starts from, without running it: the prepared data, the network initialised with
   * the experiment's seed, and the objective's loss and L2 term — for timing an experiment's
   * network ({@code obd bench --experiment}) or inspecting it.
   *
   * @param data the split, normalised and encoded data
   * @param initial the network with its initial (untrained) weights
   * @param loss the loss of the objective
   * @param l2 the objective's L2 term
   */
  public record Setup(PreparedData data, Model initial, Loss loss, L2 l2) {}

  /**
   * Loads the data and builds and initialises the network, as a run does before training.
   *
   * @throws ConfigException (an {@link IllegalArgumentException}) for data or a network that do
   *     not fit the config, naming the key
   */
  public Setup setup() {
    PreparedData data = loadData();
    Network net = buildNetwork(data);
    ModelConfig m = config.model();
    return new Setup(data, m.init().model(net, Seeds.derive(config.seed(), "init")), m.loss(),
        new L2(m.l2(), m.l2Biases()));
  }

  /** Loads and prepares the data the config names. */
  PreparedData loadData() {
    DataConfig d = config.data();
    RawData raw;
    String key;
    switch (d.source()) {
      case DIGITS -> {
        key = "data.source";
        raw = Digits.raw();
      }
      case CSV -> {
        key = "data.path";
        raw = read(key, d.path(), () -> CsvData.readRaw(Path.of(d.path()),
            d.classes() != null
                ? CsvTargets.classLabel(d.classes())
                : CsvTargets.values(d.targetValues())));
      }
      default -> {
        key = "data.images";
        raw = read(key, d.images(), () -> IdxData.read(
            Path.of(d.images()), Path.of(d.labels()),
            d.classes() == null ? IdxData.MNIST_CLASSES : d.classes()));
        raw = scaled(raw, 1.0 / 255);
      }
    }
    if (d.limit() != null && d.limit() < raw.size()) {
      raw = first(raw, d.limit());
    }
    try {
      return DataPipeline.prepare(
          raw, d.split(), Seeds.derive(config.seed(), "split"), d.normalisation(), d.targets());
    } catch (IllegalArgumentException e) {
      throw error("data", e.getMessage());
    }
  }

  private interface Reading {
    RawData read() throws IOException;
  }

  private RawData read(String key, String file, Reading r) {
    try {
      return r.read();
    } catch (NoSuchFileException e) {
      throw error(key, "no such file '" + e.getFile() + "'");
    } catch (IOException e) {
      throw error(key, "cannot read '" + file + "': " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw error(key, e.getMessage());
    }
  }

  /** IDX grey levels 0..255 scaled to [0, 1], as the bundled digits are. */
  private static RawData scaled(RawData raw, double factor) {
    DMatrixRMaj x = raw.inputs();
    CommonOps_DDRM.scale(factor, x);
    return new RawData(raw.source(), raw.inputShape(), x, raw.labels(), raw.classes(),
        raw.values());
  }

  private static RawData first(RawData raw, int n) {
    DMatrixRMaj x = CommonOps_DDRM.extract(raw.inputs(), 0, n, 0, raw.inputSize());
    if (raw.hasLabels()) {
      return RawData.labelled(raw.source(), raw.inputShape(), x,
          java.util.Arrays.copyOf(raw.labels(), n), raw.classes());
    }
    DMatrixRMaj v = raw.values();
    return RawData.regression(raw.source(), raw.inputShape(), x,
        CommonOps_DDRM.extract(v, 0, n, 0, v.numCols));
  }

  /** Builds the network the config describes on the data's inputs, with located errors. */
  Network buildNetwork(PreparedData data) {
    ModelConfig m = config.model();
    Shape shape = data.summary().inputShape();
    if (m.input() != null) {
      Shape s = new Shape(m.input().get(0), m.input().get(1), m.input().get(2));
      if (s.size() != shape.size()) {
        throw error("model.input", s + " has " + s.size() + " values but the data have "
            + shape.size() + " per sample " + shape);
      }
      shape = s;
    }
    Network.Builder b = Network.builder(shape);
    List<LayerConfig> layers = m.layers();
    for (int i = 0; i < layers.size(); i++) {
      LayerConfig l = layers.get(i);
      try {
        switch (l.type()) {
          case "dense" -> b.dense(l.out(), l.activation());
          case "conv2d" -> b.conv2d(l.out(), l.kernel(), l.kernel(), l.stride(), l.activation());
          case "avgpool" -> {
            Shape in = b.current();
            if (l.size() > in.height() || l.size() > in.width()) {
              throw new IllegalArgumentException(
                  "avgpool size " + l.size() + " does not fit its input " + in);
            }
            b.avgpool(l.size(), l.activation());
          }
          default -> b.flatten();
        }
      } catch (IllegalArgumentException e) {
        throw error("model.layers[" + i + "]", e.getMessage() + " (its input is "
            + b.current() + ")");
      }
    }
    Network net = b.build();
    int outputs = net.outputShape().size();
    int targets = data.train().targetSize();
    if (outputs != targets) {
      throw error("model.layers[" + (layers.size() - 1) + "]",
          "the network has " + outputs + " outputs but the data have " + targets
              + " target values per sample" + (data.summary().classes() > 0
                  ? " (" + data.summary().classes() + " classes)" : ""));
    }
    return net;
  }

  private void checkTarget(Network net) {
    boolean biases = config.pruning().step().includeBiases();
    int eligible = 0;
    for (var block : net.blocks()) {
      if (biases || !block.bias()) {
        eligible += block.size();
      }
    }
    double most = (double) eligible / net.parameterCount();
    if (config.pruning().target() > most + 1e-12) {
      throw error("pruning.target",
          config.pruning().target() + " is beyond what can be deleted: " + eligible + " of the "
              + net.parameterCount() + " parameters are eligible (" + (biases ? "" : "biases are"
              + " excluded; ") + "at most " + String.format("%.4f", most) + "); lower the target"
              + (biases ? "" : " or set pruning.step.include-biases: true"));
    }
  }

  /** One run in one directory: the state it saves and resumes. */
  private final class Run {
    private final Path dir;
    private final PreparedData data;
    private final Network net;
    private final ExperimentListener listener;
    private final Objective objective;
    private final String hash;
    private TrainResult trained;
    /** Per sequence, in run order: its state after its last step, or null before its first. */
    private final List<SequenceState> sequences = new ArrayList<>();
    /** Per sequence: its interrupted retraining, or null. */
    private final List<TrainerState> retraining = new ArrayList<>();

    Run(Path dir, PreparedData data, Network net, ExperimentListener listener) {
      this.dir = dir;
      this.data = data;
      this.net = net;
      this.listener = listener;
      this.objective = newObjective(config.output().parallel());
      this.hash = sha256(resolvedYaml());
    }

    ExperimentResult execute() throws IOException {
      Files.createDirectories(dir);
      removeStaleTemporaries();
      Checkpoint saved = Checkpoint.load(dir, net);
      Path configFile = dir.resolve(CONFIG_FILE);
      if (saved != null && !saved.configHash().equals(hash)) {
        throw new IllegalArgumentException(
            dir + " holds a run of another config (" + configFile + "); choose another output"
                + " directory, or delete that one to start afresh");
      }
      if (saved == null && Files.exists(configFile)
          && !Files.readString(configFile).equals(resolvedYaml())) {
        throw new IllegalArgumentException(
            dir + " holds the files of another config (" + configFile + "); choose another"
                + " output directory");
      }
      if (saved == null && !Files.exists(configFile)) {
        for (String name : RESULT_NAMES) {
          if (Files.exists(dir.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException(
                dir + " holds " + name + " but no run (no " + CONFIG_FILE + "); choose another"
                    + " output directory, so that those files are not overwritten");
          }
        }
      }
      AtomicFiles.writeString(configFile, resolvedYaml());
      if (saved == null || !Files.exists(dir.resolve(Provenance.FILE))) {
        Provenance.of(Experiment.this).write(dir);
      }
      listener.started(config, data.summary(), net, saved != null);
      trained = saved == null ? null : saved.trained();
      if (trained == null) {
        trained = train(saved == null ? null : saved.training());
        save(null);
      }
      listener.trained(trained);
      if (saved != null) {
        sequences.addAll(saved.sequences());
        retraining.addAll(saved.retraining());
      }
      List<PruneLoop.Sequence> done = prune();
      ExperimentResult result =
          new ExperimentResult(config, data.summary(), trained, done, dir);
      writeResults(result);
      listener.finished(result);
      return result;
    }

    private TrainResult train(TrainerState resume) {
      TrainingConfig tc = config.training();
      Model start = config.model().init().model(net, Seeds.derive(config.seed(), "init"));
      Optimizer opt = registries.optimizers().create(tc.optimizer().name(), tc.optimizer().options());
      Trainer t =
          new Trainer(objective, tc, opt, registries.curvature(), data.train(), data.validation(),
              Seeds.derive(config.seed(), "training"));
      return t.train(start, resume, new TrainingListener() {
        @Override
        public void epoch(EpochRecord record, int maxEpochs, double seconds) {
          listener.trainingEpoch(record, maxEpochs, seconds);
        }

        @Override
        public void checkpoint(TrainerState state) {
          saveTraining(state);
        }
      });
    }

    /**
     * Runs every prune sequence not yet finished, {@link OutputConfig#workers()} at a time, each on
     * its own thread with its own objective (so the sequences share no mutable state and each gives
     * the numbers it gives alone). Workers take the sequences in run order; the first failure stops
     * the others at their next step or retraining epoch and is rethrown.
     */
    private List<PruneLoop.Sequence> prune() {
      List<Choice> strategies = config.pruning().strategies();
      boolean[] modes = config.pruning().retrain().sequences();
      int count = strategies.size() * modes.length;
      while (sequences.size() < count) {
        sequences.add(null);
      }
      while (retraining.size() < count) {
        retraining.add(null);
      }
      PruneLoop.Sequence[] done = new PruneLoop.Sequence[count];
      List<Integer> todo = new ArrayList<>();
      for (int index = 0; index < count; index++) {
        SequenceState resume = sequences.get(index);
        if (resume != null && resume.stop() != null) {
          done[index] = new PruneLoop.Sequence(resume.records(), resume.model(), resume.stop());
        } else {
          todo.add(index);
        }
      }
      int workers = Math.max(1, Math.min(config.output().workersOrProcessors(), todo.size()));
      AtomicInteger next = new AtomicInteger();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Runnable worker = () -> {
        Objective own = null;
        PruneLoop loop = null;
        for (int t = next.getAndIncrement(); t < todo.size() && failure.get() == null;
            t = next.getAndIncrement()) {
          int index = todo.get(t);
          try {
            if (loop == null) {
              // the workers occupy the processors: their passes stay on their own threads
              own = newObjective(config.output().parallel() && workers == 1);
              loop = newLoop(own);
            }
            done[index] = sequence(own, loop, strategies.get(index / modes.length),
                modes[index % modes.length], index, count, failure);
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          }
        }
      };
      if (workers == 1) {
        worker.run();
      } else {
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
          Thread th = new Thread(worker, "obd-prune-" + (w + 1));
          th.setDaemon(true);
          threads.add(th);
          th.start();
        }
        for (Thread th : threads) {
          try {
            th.join();
          } catch (InterruptedException e) {
            failure.compareAndSet(null, e);
            Thread.currentThread().interrupt();
          }
        }
      }
      Throwable f = failure.get();
      if (f instanceof RuntimeException r) {
        throw r;
      } else if (f instanceof Error r) {
        throw r;
      } else if (f != null) {
        throw new IllegalStateException(f);
      }
      return List.of(done);
    }

    /**
     * An objective of the experiment's network, loss and L2 term, with work buffers of its own;
     * its passes use several threads when {@code parallel}.
     */
    private Objective newObjective(boolean parallel) {
      ModelConfig m = config.model();
      return new Objective(net, m.loss(), new L2(m.l2(), m.l2Biases()),
          Objective.DEFAULT_BATCH_SIZE, parallel);
    }

    /** The prune loop of a worker, on the worker's own objective. */
    private PruneLoop newLoop(Objective own) {
      return new PruneLoop(own, config.pruning(), registries.curvature(), data.train(),
          data.validation(), data.test(), data.summary().classes() > 0,
          Seeds.derive(config.seed(), "diagnostic"));
    }

    /** Thrown into a sequence when another one failed: it stops at its next step or epoch. */
    private static final class Stopped extends RuntimeException {
      Stopped() {
        super("stopped: another prune sequence failed", null, false, false);
      }
    }

    /** Runs (or resumes) sequence {@code index}: strategy {@code c}, with or without retraining. */
    private PruneLoop.Sequence sequence(
        Objective own, PruneLoop loop, Choice c, boolean retrained, int index, int count,
        AtomicReference<Throwable> failure) {
      List<Choice> strategies = config.pruning().strategies();
      Record options = registries.strategies().options(c.name(), c.options());
      ConfiguredStrategy strategy = new ConfiguredStrategy(
          c.name(), options, registries.strategies().descriptor(c.name()).createFrom(options));
      SequenceState resume;
      TrainerState retrainingState;
      synchronized (this) {
        resume = sequences.get(index);
        retrainingState = retraining.get(index);
      }
      synchronized (listener) {
        listener.sequenceStarted(c.label(strategies), retrained, index, count);
      }
      PruneLoop.Sequence s =
          loop.run(
              c.label(strategies), strategy, Seeds.derive(config.seed(), "strategy " + c),
              trained.model(),
              retrained ? (pruned, step, epochs, resumeState, l) ->
                  retrain(own, pruned, c, step, epochs, resumeState, l) : null,
              config.pruning().retrainingOr(config.training()).epochs(),
              resume,
              resume != null ? retrainingState : null,
              new PruneLoop.Listener() {
                private void check() {
                  if (failure.get() != null) {
                    throw new Stopped();
                  }
                }

                @Override
                public void step(StepRecord record) {
                  synchronized (listener) {
                    listener.step(record);
                  }
                }

                @Override
                public void checkpoint(SequenceState state) {
                  save(index, state, null);
                  check();
                }

                @Override
                public void retrainCheckpoint(SequenceState before, TrainerState state) {
                  save(index, before, state);
                  check();
                }

                @Override
                public void retrainEpoch(int step, EpochRecord r, int max, double seconds) {
                  check();
                  synchronized (listener) {
                    listener.retrainingEpoch(step, r, max, seconds);
                  }
                }

                @Override
                public void scored(int step, Model model, double[] scores) {
                  if (step == 1) {
                    saveSaliencies(c.label(strategies), model, scores);
                  }
                }
              });
      synchronized (listener) {
        listener.sequenceFinished(c.label(strategies), retrained, s.stop());
      }
      return s;
    }

    private TrainResult retrain(
        Objective own, Model pruned, Choice strategy, int step, int epochs, TrainerState resume,
        TrainingListener l) {
      TrainingConfig rc = config.pruning().retrainingOr(config.training()).withEpochs(epochs);
      Optimizer opt =
          registries.optimizers().create(rc.optimizer().name(), rc.optimizer().options());
      Trainer t =
          new Trainer(own, rc, opt, registries.curvature(), data.train(), data.validation(),
              Seeds.derive(config.seed(), "retraining " + strategy, step));
      return t.train(pruned, resume, l);
    }

    /**
     * Adds (or replaces) a strategy's first-step saliencies in {@link Saliencies#FILE}, rewritten
     * atomically: the file is complete at every point, and a resumed run rewrites the same rows.
     */
    private synchronized void saveSaliencies(String label, Model model, double[] scores) {
      Path file = dir.resolve(Saliencies.FILE);
      try {
        List<Saliencies.Row> rows = new ArrayList<>();
        if (Files.exists(file)) {
          for (Saliencies.Row r : Saliencies.read(file)) {
            if (!r.strategy().equals(label)) {
              rows.add(r);
            }
          }
        }
        rows.addAll(Saliencies.rows(label, model, scores));
        Saliencies.write(dir, rows);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot write " + file + ": " + e.getMessage(), e);
      }
    }

    /** Records sequence {@code index}'s state (and its interrupted retraining) and saves. */
    private synchronized void save(int index, SequenceState state, TrainerState retrainingState) {
      sequences.set(index, state);
      retraining.set(index, retrainingState);
      save(null);
    }

    private void saveTraining(TrainerState state) {
      write(new Checkpoint(hash, state, null, List.of(), List.of()));
    }

    private synchronized void save(TrainerState training) {
      write(new Checkpoint(hash, training, trained, sequences, retraining));
    }

    private void write(Checkpoint c) {
      try {
        c.save(dir);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot write the checkpoint in " + dir + ": " + e.getMessage(), e);
      }
    }

    /**
     * The result files; {@code metrics.csv} last, so that a run directory holding it holds every
     * result file (a sweep restarted skips such runs).
     */
    private void writeResults(ExperimentResult result) throws IOException {
      ModelJson.write(trained.model(), dir.resolve("trained-model.json"));
      Path models = Files.createDirectories(dir.resolve("models"));
      for (PruneLoop.Sequence s : result.sequences()) {
        StepRecord first = s.records().get(0);
        String base = fileName(first.strategy()) + (first.retrained() ? "-retrained" : "");
        ModelJson.write(s.model(), models.resolve(base + ".json"));
        ModelJson.write(Compaction.compact(s.model()).model(),
            models.resolve(base + "-compact.json"));
      }
      Metrics.write(dir, result.records());
    }

    /** Deletes temporary files a killed run left behind (their targets are intact). */
    private void removeStaleTemporaries() throws IOException {
      List<Path> stale = new ArrayList<>();
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, ".*.tmp-*")) {
        ds.forEach(stale::add);
      }
      Path models = dir.resolve("models");
      if (Files.isDirectory(models)) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(models, ".*.tmp-*")) {
          ds.forEach(stale::add);
        }
      }
      for (Path p : stale) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * A strategy label as a file name (its {@code models/} file, its plots): lower case, each run of
   * characters other than {@code a-z 0-9 .} one {@code -}, none at either end; e.g. {@code
   * obd(hessian=exact)} → {@code obd-hessian-exact}.
   */
  public static String fileName(String label) {
    return label.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9.]+", "-")
        .replaceAll("^-|-$", "");
  }

  static String sha256(String text) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
