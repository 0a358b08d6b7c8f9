package org.obd.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import org.obd.core.Curvature;
import org.obd.core.Dataset;
import org.obd.core.HessianDiagonal;
import org.obd.core.Loss;
import org.obd.core.Model;
import org.obd.core.NonFiniteException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code obd curvature}: the gradient, or a Hessian diagonal by any method registered in obd-core
 * ({@link HessianDiagonal#byName}), of a model's objective over a CSV data set, as JSON.
 */
@Command(
    name = "curvature",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Computes the gradient or a Hessian diagonal of a model's objective, as JSON.",
    description = {
      "Computes the gradient or a Hessian diagonal of the objective E = mean loss of a model over"
          + " a data set, and writes it as JSON: {\"method\", \"objective\", \"parameters\","
          + " \"values\", ...} with one value per parameter (0 for deleted ones)."
    })
public final class CurvatureCommand implements Callable<Integer> {

  /** The method name that selects the gradient instead of a Hessian diagonal. */
  static final String GRADIENT = "gradient";

  @Spec CommandSpec spec;

  @Mixin ModelDataOptions problem;

  @Option(
      names = "--method",
      required = true,
      paramLabel = "NAME",
      completionCandidates = MethodNames.class,
      description = "what to compute: ${COMPLETION-CANDIDATES}")
  String method;

  @Option(
      names = "--probes",
      paramLabel = "N",
      defaultValue = "16",
      description = "probes of the stochastic methods (default: ${DEFAULT-VALUE})")
  int probes;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "0",
      description = "seed of the stochastic methods (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--out",
      paramLabel = "F.json",
      description = "write the JSON to this file (atomically) instead of stdout")
  Path out;

  @Option(
      names = "--master",
      paramLabel = "URL",
      description = "compute data-parallel on Apache Spark at this master URL (local[2],"
          + " spark://host:7077, …): the data split into parts whose sums are added in part order,"
          + " equal to the local result to rounding; needs obd-spark, which the ./obd launcher runs"
          + " for this option")
  String master;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      defaultValue = "0",
      description = "with --master: the parts the data are split into (default: Spark's default"
          + " parallelism)")
  int partitions;

  private final CurvatureBackend backend;

  /** The command as obd.jar runs it: on this machine; {@code --master} is refused. */
  public CurvatureCommand() {
    this(null);
  }

  /**
   * The command with a backend for {@code --master} (obd-spark's).
   *
   * @param backend computes the sums away from this JVM, or null for none
   */
  public CurvatureCommand(CurvatureBackend backend) {
    this.backend = backend;
  }

  @Override
  public Integer call() {
    Loss lossFunction = problem.validate();
    Output.checkOut(spec, out, problem.inputs());
    Options.atLeast(spec, "--probes", probes, 1);
    HessianDiagonal diagonal = checkMethod();
    if (master != null && backend == null) {
      throw Options.invalid(spec, "--master",
          "needs obd-spark, which obd.jar does not hold; run it through the ./obd launcher, which"
              + " starts obd-spark for 'obd curvature --master'");
    }
    if (master == null && partitions != 0) {
      throw Options.invalid(spec, "--partitions", "applies only with --master");
    }
    Options.atLeast(spec, "--partitions", partitions, 0);

    ModelDataOptions.Loaded loaded = problem.load(lossFunction);
    Model m = loaded.model();
    Dataset d = loaded.data();
    Curvature curvature = new Curvature(loaded.objective(), m, d);
    double[] values;
    double objective;
    try {
      if (master != null) {
        CurvatureBackend.Result r = backend.compute(master, partitions, m, d, lossFunction,
            loaded.objective().batchSize(), diagonal == null ? null : method, probes, seed);
        objective = r.objective();
        values = r.values();
      } else {
        objective = curvature.value(); // first: an overflowing objective is the root cause
        values = diagonal == null ? curvature.gradient() : curvature.diagonal(diagonal, seed);
      }
    } catch (NonFiniteException e) {
      throw problem.nonFinite(e);
    }

    ObjectNode json = Output.object();
    json.put("method", method);
    json.put("loss", lossFunction.configName());
    json.put("model", problem.model.toString());
    json.put("data", problem.data.toString());
    json.put("samples", d.size());
    if (master != null) {
      json.put("master", master);
    }
    if (!method.equals(GRADIENT)) {
      json.put("probes", probes);
      json.put("seed", seed);
    }
    json.put("objective", objective);
    ArrayNode names = json.putArray("parameters");
    m.network().parameterNames().forEach(names::add);
    ArrayNode vs = json.putArray("values");
    for (double v : values) {
      vs.add(v);
    }
    Output.write(Output.json(json), out, spec.commandLine().getOut());
    return 0;
  }

  /** The method {@code --method} names (with {@code --probes} if it takes them), null for the gradient. */
  private HessianDiagonal checkMethod() {
    if (method.equals(GRADIENT)) {
      return null;
    }
    if (!HessianDiagonal.builtins().contains(method)) {
      throw Options.invalid(
          spec,
          "--method",
          "unknown method '" + method + "'; expected " + String.join(", ", new MethodNames()));
    }
    return HessianDiagonal.builtins().createWithShared(method, java.util.Map.of("probes", probes));
  }

  /** The loss names, for help and completion. */
  static final class LossNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      List<String> names = new ArrayList<>();
      for (Loss l : Loss.values()) {
        names.add(l.configName());
      }
      return names.iterator();
    }
  }

  /** {@value #GRADIENT} and the registered Hessian-diagonal methods, for help and completion. */
  static final class MethodNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      List<String> names = new ArrayList<>();
      names.add(GRADIENT);
      names.addAll(HessianDiagonal.names());
      return names.iterator();
    }
  }
}
