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
import org.obd.core.HessianDiagonal;
import org.obd.core.Loss;
import org.obd.core.Mask;
import org.obd.core.Model;
import org.obd.core.Objective;
import org.obd.train.bench.BenchNetworks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code obd bench}: wall time of the gradient and of each Hessian-diagonal method on a model and
 * data set, as JSON lines: the median of several timed runs after warm-up runs, and its ratio to
 * the gradient's median measured in the same invocation. {@code hutchinson} runs one probe, so its
 * ratio is per probe.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Times the gradient and each Hessian-diagonal method; prints JSON lines.",
    description = {
      "Times the gradient and each Hessian-diagonal method over a data set and prints one JSON"
          + " line per method: {\"method\", \"median_ms\", \"ratio\", \"runs\", ...}, where ratio"
          + " is the method's median over the gradient's, both measured in this run. hutchinson"
          + " uses one probe (its ratio is per probe)."
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
      names = "--samples",
      defaultValue = "7000",
      paramLabel = "N",
      description = "samples of random data with --network (default: ${DEFAULT-VALUE})")
  int samples;

  @Option(
      names = "--seed",
      defaultValue = "0",
      paramLabel = "S",
      description = "seed of --network's weights and data (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--loss",
      required = true,
      paramLabel = "LOSS",
      completionCandidates = CurvatureCommand.LossNames.class,
      description = "loss: ${COMPLETION-CANDIDATES}")
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
      defaultValue = "7",
      paramLabel = "R",
      description = "timed runs per method (default: ${DEFAULT-VALUE})")
  int runs;

  @Option(
      names = "--warmup",
      defaultValue = "3",
      paramLabel = "W",
      description = "untimed warm-up runs per method (default: ${DEFAULT-VALUE})")
  int warmup;

  @Option(
      names = "--batch-size",
      paramLabel = "B",
      defaultValue = "" + Objective.DEFAULT_BATCH_SIZE,
      description = "samples per minibatch (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Override
  public Integer call() {
    Loss lossFunction = Options.loss(spec, loss);
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
    Model m;
    Dataset d;
    if (network != null) {
      if (model != null || data != null) {
        throw Options.invalid(spec, "--network", "give either --network or --model and --data");
      }
      BenchNetworks preset;
      try {
        preset = BenchNetworks.fromName(network);
      } catch (IllegalArgumentException e) {
        throw Options.invalid(spec, "--network", e.getMessage());
      }
      Options.atLeast(spec, "--samples", samples, 1);
      m = preset.model(seed);
      d = preset.data(samples, seed);
    } else {
      if (model == null || data == null) {
        throw new ParameterException(
            spec.commandLine(), "give --model and --data, or --network");
      }
      m = Inputs.model(model);
      d = Inputs.data(data, m.network(), targets);
    }
    Objective objective = new Objective(m.network(), lossFunction, batchSize, true);
    double[] theta = m.parameters();
    Mask mask = m.mask();
    double[] gradient = new double[theta.length];
    PrintWriter out = spec.commandLine().getOut();

    double base = median(() -> objective.gradient(theta, mask, d, gradient));
    print(out, "gradient", base, base, d);
    for (HessianDiagonal h : diagonals) {
      double ms = median(() -> h.compute(objective, theta, mask, d, 0L));
      print(out, h.name(), ms, base, d);
    }
    return 0;
  }

  private double median(Runnable r) {
    for (int i = 0; i < warmup; i++) {
      r.run();
    }
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      r.run();
      ms[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(ms);
    return runs % 2 == 1 ? ms[runs / 2] : 0.5 * (ms[runs / 2 - 1] + ms[runs / 2]);
  }

  private void print(PrintWriter out, String method, double ms, double base, Dataset d) {
    ObjectNode line = Output.object();
    line.put("method", method);
    line.put("median_ms", Math.round(ms * 1000) / 1000.0);
    line.put("ratio", Math.round(ms / base * 1000) / 1000.0);
    line.put("runs", runs);
    line.put("samples", d.size());
    if (method.equals("hutchinson")) {
      line.put("probes", 1);
    }
    out.println(line.toString());
    out.flush();
  }

  /** The built-in benchmark networks, for help and completion. */
  static final class NetworkNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return BenchNetworks.names().iterator();
    }
  }
}
