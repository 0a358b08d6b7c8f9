package org.obd.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.ejml.data.DMatrixRMaj;
import org.obd.cli.CurvatureBackend;
import org.obd.core.CurvatureSums;
import org.obd.core.Dataset;
import org.obd.core.HessianDiagonal;
import org.obd.core.Loss;
import org.obd.core.Model;
import org.obd.core.ModelJson;
import org.obd.core.Objective;

/**
 * Data-parallel curvature on Spark: the data set split into contiguous parts, each part's {@link
 * CurvatureSums} (loss, gradient and, by any built-in method, the Hessian diagonal, summed over its
 * samples) computed by one task, collected in part order and added on the driver in that order —
 * the same result on every run, equal to the single-machine {@code Curvature} to rounding. What
 * is shipped: the model as JSON text, the loss, the method's name and the parts' rows.
 */
public final class SparkCurvature implements CurvatureBackend {

  private final JavaSparkContext shared;

  /** A backend that starts Spark on the master each computation names, and stops it after. */
  public SparkCurvature() {
    this(null);
  }

  /** A backend computing on a running context (the master argument is then ignored). */
  public SparkCurvature(JavaSparkContext context) {
    this.shared = context;
  }

  /** One part of the data, shipped to its task. */
  record Part(int index, int rows, int inputs, int targets, double[] x, double[] y)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** One part's sums, shipped back. */
  record Sums(int index, int samples, double loss, double[] gradient, double[] diagonal)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** What every task needs besides its part. */
  record Job(String modelJson, Loss loss, int batchSize, String method, int probes, long seed)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    Sums sums(Part p) {
      Model m = ModelJson.parse(modelJson);
      Dataset d = new Dataset(DMatrixRMaj.wrap(p.rows(), p.inputs(), p.x()),
          DMatrixRMaj.wrap(p.rows(), p.targets(), p.y()));
      Objective o = new Objective(m.network(), loss, Math.min(batchSize, p.rows()), false);
      CurvatureSums s = CurvatureSums.of(o, m, d, diagonal(method, probes), seed);
      return new Sums(p.index(), s.samples(), s.loss(), s.gradient(), s.diagonal());
    }
  }

  static HessianDiagonal diagonal(String method, int probes) {
    return method == null ? null
        : HessianDiagonal.builtins().createWithShared(method, Map.of("probes", probes));
  }

  /** The rows of {@code data} in {@code parts} contiguous parts, sizes differing by at most one. */
  static List<Part> split(Dataset data, int parts) {
    int n = data.size();
    int in = data.inputSize();
    int out = data.targetSize();
    List<Part> list = new ArrayList<>();
    for (int i = 0; i < parts; i++) {
      int from = (int) ((long) i * n / parts);
      int to = (int) ((long) (i + 1) * n / parts);
      double[] x = new double[(to - from) * in];
      double[] y = new double[(to - from) * out];
      System.arraycopy(data.inputs().data, from * in, x, 0, x.length);
      System.arraycopy(data.targets().data, from * out, y, 0, y.length);
      list.add(new Part(i, to - from, in, out, x, y));
    }
    return list;
  }

  /**
   * The sums over {@code data} on Spark, added in part order.
   *
   * @param parts how many parts (0: the context's default parallelism), at most one per sample
   */
  public static CurvatureSums sums(JavaSparkContext sc, int parts, Model model, Dataset data,
      Loss loss, int batchSize, String method, int probes, long seed) {
    int p = Math.max(1, Math.min(data.size(), parts > 0 ? parts : sc.defaultParallelism()));
    Job job = new Job(ModelJson.toJson(model), loss, batchSize, method, probes, seed);
    List<Sums> collected = new ArrayList<>(
        sc.parallelize(split(data, p), p).map(job::sums).collect());
    collected.sort(Comparator.comparingInt(Sums::index)); // collect keeps part order; say so
    CurvatureSums total = null;
    for (Sums s : collected) {
      CurvatureSums c = new CurvatureSums(s.samples(), s.loss(), s.gradient(), s.diagonal());
      total = total == null ? c : total.plus(c);
    }
    return total;
  }

  @Override
  public Result compute(String master, int partitions, Model model, Dataset data, Loss loss,
      int batchSize, String method, int probes, long seed) {
    JavaSparkContext sc = shared != null ? shared
        : Contexts.start(master, "obd curvature", Contexts.MAX_FAILURES);
    try {
      CurvatureSums s = sums(sc, partitions, model, data, loss, batchSize, method, probes, seed);
      Objective o = new Objective(model.network(), loss);
      double e = s.objective(o, model);
      return new Result(e, method == null ? s.gradient(o, model) : s.diagonal(o, model));
    } finally {
      if (shared == null) {
        sc.stop();
      }
    }
  }
}
