package org.obd.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.obd.core.Dataset;
import org.obd.core.Gemm;
import org.obd.core.HessianDiagonal;
import org.obd.core.Loss;
import org.obd.core.Mask;
import org.obd.core.Model;
import org.obd.core.Objective;
import org.obd.train.bench.BenchNetworks;
import org.obd.train.experiment.Experiment;
import org.obd.train.experiment.Registries;
import org.obd.train.loop.Choice;
import org.obd.train.loop.TrainingConfig;
import org.obd.train.loop.TrainingThroughput;
import org.obd.train.optim.Optimizers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code obd bench}: wall time of the gradient and of each Hessian-diagonal method on a model and
 * data set, as JSON lines: the median of several timed runs after warm-up runs, and its ratio to
 * the gradient's median measured in the same invocation. {@code hutchinson} runs one probe, so its
 * ratio is per probe. With {@code --train NAME}: training throughput of an optimizer instead, one
 * JSON line measured by {@link TrainingThroughput} (the command only parses and prints).
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Times the gradient and each Hessian-diagonal method, or training; prints JSON lines.",
    description = {
      "Times the gradient and each Hessian-diagonal method over a data set and prints one JSON"
          + " line per method: {\"method\", \"median_ms\", \"ratio\", \"runs\", ...}, where ratio"
          + " is the method's median over the gradient's, both measured in this run. hutchinson"
          + " uses one probe (its ratio is per probe). Before the first method the gradient runs"
          + " untimed for at least a second, so that the JIT has compiled the product kernel;"
          + " then each method runs untimed (--warmup runs, by default 3 and at least a quarter"
          + " of --seconds) and timed (--runs runs, by default at least 7 and at least --seconds,"
          + " default 1, so that a pass of a few milliseconds is timed hundreds of times and"
          + " the JIT has settled). Each line also has the matrix products'"
          + " speed during the timed runs: gflops, their floating-point operations per run over"
          + " the median time (the pass's rate counting products only), and products_gflops,"
          + " the same operations over the time spent inside the products; and peak_rss_mib,"
          + " the process's peak resident memory so far (VmHWM on Linux, else the JVM's pools).",
      "",
      "With --products it times the product kernel alone (C = A·B, float64) at 256x256x256,"
          + " 256x784x300 and 1024x1024x1024 (m x k x n) on 1 and 2 threads, beside EJML's"
          + " product, --seconds per measurement (default 1): one JSON line each, {\"kind\":"
          + "\"product\", \"backend\", \"m\", \"k\", \"n\", \"threads\", \"median_ms\","
          + " \"gflops\"}, to set beside torch.mm timed in the same session.",
      "",
      "With --train NAME it measures training throughput instead: optimizer steps (default"
          + " options; sgd is plain SGD at learning rate 0.01) on minibatches of --batch-size rows"
          + " taken exactly as the trainer takes them, cut once in data order (only whole"
          + " batches), 50 untimed warm-up steps, then samples per second as the median of 10"
          + " timed chunks over --seconds, as PyTorch's reference torch_train.py times its"
          + " own. With --network the data are the network's training set: uniform inputs in"
          + " [0,1) and uniform labels, 2000 samples (10000 for 784 inputs). It prints one line:"
          + " {\"kind\":\"train\", \"network\", \"optimizer\", \"batch\", \"samples\","
          + " \"samples_per_s\", \"threads\", \"products_gflops\", \"peak_rss_mib\"}."
    })
final class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--model", paramLabel = "M.json", description = "model file")
  Path model;

  @Option(names = "--data", paramLabel = "D.csv", description = "CSV data (as for curvature)")
  Path data;

  @Option(
      names = "--network",
      paramLabel = "NAME",
      completionCandidates = NetworkNames.class,
      description =
          "instead of --model and --data: a built-in network with seeded weights and random"
              + " data, the README's benchmarks: ${COMPLETION-CANDIDATES}")
  String network;

  @Option(
      names = "--experiment",
      paramLabel = "E.yaml",
      description = "instead of --model and --data or --network: an experiment's network"
          + " (initialised with its seed), its training set and its loss")
  Path experiment;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "with --experiment: override one of its keys (repeatable)")
  List<String> set;

  @Option(
      names = "--samples",
      paramLabel = "N",
      description =
          "samples of random data with --network (default: 7000; with --train the network's"
              + " training set, 2000 or 10000 for 784 inputs)")
  Integer samples;

  @Option(
      names = "--seed",
      defaultValue = "0",
      paramLabel = "S",
      description = "seed of --network's weights and data (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--loss",
      paramLabel = "LOSS",
      completionCandidates = CurvatureCommand.LossNames.class,
      description =
          "loss: ${COMPLETION-CANDIDATES} (required, except with --train:"
              + " default softmax-cross-entropy)")
  String loss;

  @Option(names = "--targets", paramLabel = "K", description = "rows end with K real targets")
  Integer targets;

  @Option(
      names = "--methods",
      split = ",",
      paramLabel = "NAME",
      description = "comma-separated methods to time (default: every registered method)")
  List<String> methods;

  @Option(
      names = "--runs",
      paramLabel = "R",
      description = "timed runs per method (default: " + DEFAULT_RUNS + ")")
  Integer runs;

  @Option(
      names = "--warmup",
      paramLabel = "W",
      description = "untimed warm-up runs per method (default: " + DEFAULT_WARMUP + ")")
  Integer warmup;

  @Option(
      names = "--batch-size",
      paramLabel = "B",
      description =
          "samples per minibatch (default: " + Objective.DEFAULT_BATCH_SIZE + "; with --train "
              + TrainingConfig.DEFAULT_BATCH_SIZE + ")")
  Integer batchSize;

  @Option(
      names = "--train",
      paramLabel = "NAME",
      completionCandidates = OptimizerNames.class,
      description =
          "measure training throughput of this optimizer (default options) instead of the"
              + " curvature timings: ${COMPLETION-CANDIDATES}")
  String train;

  @Option(
      names = "--seconds",
      paramLabel = "S",
      description =
          "with --train: timed seconds (default: " + TrainingThroughput.DEFAULT_SECONDS + ");"
              + " with --products: per measurement (default: 1); else timed seconds per method"
              + " when --runs is not given (default: 1)")
  Double seconds;

  @Option(
      names = "--products",
      description = "time the matrix-product kernel alone at the speed targets' sizes, on 1 and"
          + " 2 threads, beside EJML (see above)")
  boolean products;

  private static final int DEFAULT_RUNS = 7;
  private static final int DEFAULT_WARMUP = 3;

  /** Most timed runs per method when timing by seconds. */
  private static final int MAX_RUNS = 100_000;

  /** Longest --seconds accepted. */
  private static final double MAX_SECONDS = 3600;
  private static final int DEFAULT_SAMPLES = 7000;

  /** Untimed gradients before the first timed method, at least this long (and at least one). */
  private static final long JIT_WARMUP_NANOS = 1_000_000_000L;

  @Override
  public Integer call() {
    if (products) {
      return products();
    }
    if (train != null) {
      return train();
    }
    if (seconds != null && runs != null) {
      throw Options.invalid(spec, "--seconds", "give --runs or --seconds, not both");
    }
    if (seconds != null && !(seconds > 0 && seconds <= MAX_SECONDS)) {
      throw Options.invalid(
          spec, "--seconds", "expected seconds in (0, " + (int) MAX_SECONDS + "], found " + seconds);
    }
    // by default a method is timed for a second (at least DEFAULT_RUNS runs) after a quarter of
    // that untimed: a pass of a few milliseconds timed 7 times after 3 untimed runs was measured
    // while the JIT was still compiling (twice its settled time on 256-100-10)
    long timedNanos =
        this.runs != null ? 0L : (long) ((seconds == null ? 1.0 : seconds) * 1e9);
    long warmupNanos = this.warmup != null ? 0L : timedNanos / 4;
    int runs = this.runs == null ? DEFAULT_RUNS : this.runs;
    int warmup = this.warmup == null ? DEFAULT_WARMUP : this.warmup;
    int batchSize = this.batchSize == null ? Objective.DEFAULT_BATCH_SIZE : this.batchSize;
    Options.atLeast(spec, "--runs", runs, 1);
    Options.atLeast(spec, "--warmup", warmup, 0);
    Options.atLeast(spec, "--batch-size", batchSize, 1);
    List<String> names = methods == null ? HessianDiagonal.names() : methods;
    List<HessianDiagonal> diagonals = new ArrayList<>();
    for (String name : names) {
      try {
        diagonals.add(HessianDiagonal.builtins().createWithShared(name, Map.of("probes", 1)));
      } catch (IllegalArgumentException e) {
        throw Options.invalid(spec, "--methods", e.getMessage());
      }
    }
    Source source = source(false);
    Model m = source.model;
    Dataset d = source.data;
    Objective objective = new Objective(m.network(), source.loss, batchSize, true);
    double[] theta = m.parameters();
    Mask mask = m.mask();
    double[] gradient = new double[theta.length];
    PrintWriter out = spec.commandLine().getOut();

    // the JIT compiles the product kernel (and the passes) only after some time: until then the
    // Vector API code runs interpreted, far slower, and the first method timed would pay for it
    long warm = System.nanoTime() + JIT_WARMUP_NANOS;
    for (int i = 0; i < 1 || System.nanoTime() < warm; i++) {
      objective.gradient(theta, mask, d, gradient);
    }
    Timing base =
        median(
            () -> objective.gradient(theta, mask, d, gradient),
            runs, timedNanos, warmup, warmupNanos);
    print(out, "gradient", base, base.ms, d);
    for (HessianDiagonal h : diagonals) {
      Timing t =
          median(
              () -> h.compute(objective, theta, mask, d, 0L),
              runs, timedNanos, warmup, warmupNanos);
      print(out, h.name(), t, base.ms, d);
    }
    return 0;
  }

  /** {@code --products}: the kernel alone. */
  private int products() {
    if (model != null || data != null || network != null || experiment != null || train != null
        || methods != null || runs != null || warmup != null || batchSize != null
        || samples != null || loss != null || targets != null || set != null) {
      throw Options.invalid(spec, "--products", "times the product kernel alone; give it with"
          + " --seconds only");
    }
    double secs = seconds == null ? 1.0 : seconds;
    if (!(secs > 0) || !Double.isFinite(secs)) {
      throw Options.invalid(spec, "--seconds", "must be a positive number, found " + secs);
    }
    ProductsBench.run(spec.commandLine().getOut(), secs);
    return 0;
  }

  /** What is timed: a model, its data and the loss. */
  private record Source(Model model, Dataset data, Loss loss) {}

  /**
   * The model, data and loss of {@code --network}, {@code --experiment}, or {@code --model} with
   * {@code --data}; {@code training}: the network's training set and a default loss.
   */
  private Source source(boolean training) {
    if (experiment != null) {
      if (network != null || model != null || data != null || loss != null || samples != null
          || targets != null) {
        throw Options.invalid(spec, "--experiment", "takes the network, data and loss from the"
            + " experiment; give it without --network, --model, --data, --loss, --samples or"
            + " --targets");
      }
      Experiment.Setup s =
          Experiment.fromYaml(experiment, set == null ? List.of() : set).setup();
      return new Source(s.initial(), s.data().train(), s.loss());
    }
    if (set != null) {
      throw Options.invalid(spec, "--set", "overrides an experiment's keys; give --experiment");
    }
    Loss l;
    if (loss != null) {
      l = Options.loss(spec, loss);
    } else if (training) {
      l = Loss.SOFTMAX_CROSS_ENTROPY;
    } else {
      throw new ParameterException(spec.commandLine(),
          "Missing required option: '--loss=LOSS' (or give --train or --experiment)");
    }
    if (network != null) {
      BenchNetworks preset = preset();
      int n = samples == null
          ? (training ? preset.trainingSamples() : DEFAULT_SAMPLES) : samples;
      Options.atLeast(spec, "--samples", n, 1);
      return new Source(preset.model(seed),
          training ? preset.trainingData(n, seed) : preset.data(n, seed), l);
    }
    Model m = modelFile();
    return new Source(m, Inputs.data(data, m.network(), targets), l);
  }

  /** The network named by {@code --network}, which excludes {@code --model} and {@code --data}. */
  private BenchNetworks preset() {
    if (model != null || data != null) {
      throw Options.invalid(spec, "--network", "give either --network or --model and --data");
    }
    try {
      return BenchNetworks.fromName(network);
    } catch (IllegalArgumentException e) {
      throw Options.invalid(spec, "--network", e.getMessage());
    }
  }

  private Model modelFile() {
    if (model == null || data == null) {
      throw new ParameterException(spec.commandLine(),
          "give --model and --data, or --network, or --experiment");
    }
    return Inputs.model(model);
  }

  /** {@code --train}: one JSON line of training throughput. */
  private int train() {
    if (methods != null || runs != null || warmup != null) {
      String option = methods != null ? "--methods" : runs != null ? "--runs" : "--warmup";
      throw Options.invalid(
          spec, option, "applies to the curvature timings, not to --train (see --seconds)");
    }
    int batch = batchSize == null ? TrainingConfig.DEFAULT_BATCH_SIZE : batchSize;
    double secs = seconds == null ? TrainingThroughput.DEFAULT_SECONDS : seconds;
    Options.atLeast(spec, "--batch-size", batch, 1);
    if (!(secs > 0) || !Double.isFinite(secs)) {
      throw Options.invalid(spec, "--seconds", "must be a positive number, found " + secs);
    }
    Registries registries = Registries.builtins();
    if (!registries.optimizers().contains(train)) {
      throw Options.invalid(
          spec, "--train", "unknown optimizer '" + train + "'; expected one of "
              + String.join(", ", registries.optimizers().names()));
    }
    Source source = source(true);
    Loss lossFunction = source.loss;
    Model m = source.model;
    Dataset d = source.data;
    if (batch > d.size()) {
      throw Options.invalid(
          spec, "--batch-size", "must be at most the " + d.size() + " samples, found " + batch);
    }
    Objective objective =
        new Objective(m.network(), lossFunction, Objective.DEFAULT_BATCH_SIZE, true);
    TrainingThroughput.Result r;
    Gemm.resetCounts();
    Gemm.counting(true);
    try {
      r =
          TrainingThroughput.measure(
              objective, m, d, registries.optimizers(), registries.curvature(),
              new TrainingThroughput.Settings(
                  Choice.of(train), batch, secs, TrainingThroughput.DEFAULT_WARMUP_STEPS,
                  TrainingThroughput.DEFAULT_CHUNKS, seed));
    } catch (IllegalStateException e) {
      throw new Errors.CliException(Errors.FAILURE, e.getMessage(), e);
    } finally {
      Gemm.counting(false);
    }
    ObjectNode line = Output.object();
    line.put("kind", "train");
    if (network != null) {
      line.put("network", network);
    } else if (experiment != null) {
      line.put("experiment", experiment.toString());
    } else {
      line.put("model", model.toString());
      line.put("data", data.toString());
    }
    line.put("optimizer", r.optimizer());
    line.put("batch", r.batchSize());
    line.put("samples", r.samples());
    line.put("samples_per_s", Math.round(r.samplesPerSecond() * 10) / 10.0);
    line.put("threads", r.threads());
    line.put("products_gflops", rate(Gemm.countedMultiplyAdds(), Gemm.countedNanos()));
    line.put("peak_rss_mib", Math.round(PeakMemory.read().mib() * 10) / 10.0);
    PrintWriter out = spec.commandLine().getOut();
    out.println(line.toString());
    out.flush();
    return 0;
  }

  /**
   * A method's median time, and the multiply-adds and time of the products in its timed runs (all
   * runs together).
   */
  private record Timing(double ms, int runs, long multiplyAdds, long productNanos) {}

  /**
   * At least {@code warmup} untimed runs lasting at least {@code warmupNanos}, then at least
   * {@code minRuns} timed runs lasting at least {@code timedNanos} (at most {@link #MAX_RUNS}).
   */
  private static Timing median(
      Runnable r, int minRuns, long timedNanos, int warmup, long warmupNanos) {
    long until = System.nanoTime() + warmupNanos;
    for (int i = 0; i < warmup || System.nanoTime() < until; i++) {
      r.run();
    }
    double[] ms = new double[Math.max(minRuns, 16)];
    int runs = 0;
    Gemm.resetCounts();
    Gemm.counting(true);
    try {
      long end = System.nanoTime() + timedNanos;
      while (runs < minRuns || (System.nanoTime() < end && runs < MAX_RUNS)) {
        if (runs == ms.length) {
          ms = Arrays.copyOf(ms, 2 * runs);
        }
        long start = System.nanoTime();
        r.run();
        ms[runs++] = (System.nanoTime() - start) / 1e6;
      }
    } finally {
      Gemm.counting(false);
    }
    ms = Arrays.copyOf(ms, runs);
    Arrays.sort(ms);
    double median = runs % 2 == 1 ? ms[runs / 2] : 0.5 * (ms[runs / 2 - 1] + ms[runs / 2]);
    return new Timing(median, runs, Gemm.countedMultiplyAdds(), Gemm.countedNanos());
  }

  /** GFLOP/s of {@code multiplyAdds} (2 flops each) in {@code nanos}, one decimal; 0 for none. */
  private static double rate(long multiplyAdds, long nanos) {
    return nanos <= 0 ? 0.0 : Math.round(2.0 * multiplyAdds / nanos * 10) / 10.0;
  }

  private static void print(
      PrintWriter out, String method, Timing t, double base, Dataset d) {
    ObjectNode line = Output.object();
    line.put("method", method);
    line.put("median_ms", Math.round(t.ms * 1000) / 1000.0);
    line.put("ratio", Math.round(t.ms / base * 1000) / 1000.0);
    line.put("runs", t.runs);
    line.put("gflops", rate(t.multiplyAdds / t.runs, (long) (t.ms * 1e6)));
    line.put("products_gflops", rate(t.multiplyAdds, t.productNanos));
    line.put("peak_rss_mib", Math.round(PeakMemory.read().mib() * 10) / 10.0);
    line.put("samples", d.size());
    if (method.equals("hutchinson")) {
      line.put("probes", 1);
    }
    out.println(line.toString());
    out.flush();
  }

  /** The built-in optimizers, for help and completion. */
  static final class OptimizerNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return Optimizers.registry().names().iterator();
    }
  }

  /** The built-in benchmark networks, for help and completion. */
  static final class NetworkNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return BenchNetworks.names().iterator();
    }
  }
}
