package org.obd.spark;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.ejml.data.DMatrixRMaj;
import org.obd.core.Curvature;
import org.obd.core.CurvatureSums;
import org.obd.core.Dataset;
import org.obd.core.HessianDiagonal;
import org.obd.core.Loss;
import org.obd.core.Model;
import org.obd.core.ModelJson;
import org.obd.core.Objective;
import org.obd.train.experiment.Experiment;

/**
 * {@code obd sweep GRID.yaml --bench}: the sweep on Spark against the same runs one after another
 * in this JVM (their metrics compared, the {@code seconds} column aside), then data-parallel
 * curvature against the local path on the first run's trained model. On one machine the point is
 * correctness and Spark's overhead, not speed-up.
 */
final class Bench {

  /** Samples the curvature benchmark's data set is replicated to (at least). */
  static final int CURVATURE_SAMPLES = 20_000;

  /** The method the curvature benchmark times. */
  static final String METHOD = "exact";

  private Bench() {}

  static void run(Path grid, Path dir, String master, int maxFailures, PrintWriter err,
      PrintWriter out) throws Exception {
    Path sparkDir = dir.resolve("spark");
    Path sequentialDir = dir.resolve("sequential");
    for (Path p : List.of(sparkDir, sequentialDir)) {
      if (Files.exists(p)) {
        throw new IllegalArgumentException("--bench: " + p + " exists; the benchmark runs every"
            + " run afresh: delete it or choose another --out");
      }
    }
    Sweep onSpark = Sweep.plan(grid, sparkDir);
    Sweep oneJvm = Sweep.plan(grid, sequentialDir);
    JavaSparkContext sc = Contexts.start(master, "obd sweep --bench", maxFailures);
    try {
      long t0 = System.nanoTime();
      onSpark.run(sc, Sweep.EXPERIMENT, err);
      double spark = (System.nanoTime() - t0) / 1e9;
      t0 = System.nanoTime();
      oneJvm.runSequentially(Sweep.EXPERIMENT, err);
      double sequential = (System.nanoTime() - t0) / 1e9;
      boolean same = withoutSeconds(sparkDir.resolve(Sweep.METRICS))
          .equals(withoutSeconds(sequentialDir.resolve(Sweep.METRICS)));
      out.printf(Locale.ROOT, "sweep of %d runs: Spark (%s, %d cores) %.1f s; one after another"
          + " in one JVM %.1f s; ratio %.2f; metrics %s%n", onSpark.runs().size(),
          sc.master(), sc.defaultParallelism(), spark, sequential, sequential / spark,
          same ? "identical (seconds aside)" : "DIFFERENT");
      curvature(sc, onSpark.runs().get(0), out);
      if (!same) {
        throw new IllegalStateException("the sweep's metrics on Spark differ from those run in"
            + " one JVM: compare " + sparkDir + " and " + sequentialDir);
      }
    } finally {
      sc.stop();
    }
    out.flush();
  }

  /** The combined metrics' lines without their last column ({@code seconds}). */
  static List<String> withoutSeconds(Path csv) throws java.io.IOException {
    return Files.readAllLines(csv).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
  }

  private static void curvature(JavaSparkContext sc, SweepRun run, PrintWriter out)
      throws Exception {
    Experiment e = Experiment.fromYaml(run.yaml(), run.name(), List.of());
    Dataset train = e.setup().data().train();
    Model model = ModelJson.read(Path.of(run.directory()).resolve("trained-model.json"));
    Loss loss = e.config().model().loss();
    Dataset data = replicate(train, (CURVATURE_SAMPLES + train.size() - 1) / train.size());
    Objective local = new Objective(model.network(), loss, Objective.DEFAULT_BATCH_SIZE, true);
    HessianDiagonal method = HessianDiagonal.byName(METHOD);
    double[] expected = null;
    double localSeconds = Double.POSITIVE_INFINITY;
    double sparkSeconds = Double.POSITIVE_INFINITY;
    double[] actual = null;
    for (int i = 0; i < 3; i++) { // best of three, the first warming up both paths
      long t0 = System.nanoTime();
      expected = new Curvature(local, model, data).diagonal(method, 0L);
      localSeconds = Math.min(localSeconds, (System.nanoTime() - t0) / 1e9);
      t0 = System.nanoTime();
      CurvatureSums s = SparkCurvature.sums(sc, 0, model, data, loss,
          Objective.DEFAULT_BATCH_SIZE, METHOD, 1, 0L);
      actual = s.diagonal(new Objective(model.network(), loss), model);
      sparkSeconds = Math.min(sparkSeconds, (System.nanoTime() - t0) / 1e9);
    }
    double worst = 0;
    for (int k = 0; k < expected.length; k++) {
      double scale = Math.max(Math.abs(expected[k]), 1e-300);
      worst = Math.max(worst, Math.abs(expected[k] - actual[k]) / scale);
    }
    out.printf(Locale.ROOT, "curvature (%s diagonal, %d parameters, %d samples): local %.3f s;"
        + " Spark in %d parts %.3f s; largest relative difference %.2g%n", METHOD,
        expected.length, data.size(), localSeconds, sc.defaultParallelism(), sparkSeconds, worst);
  }

  /** {@code times} copies of the data, one after another. */
  static Dataset replicate(Dataset d, int times) {
    int n = d.size();
    DMatrixRMaj x = new DMatrixRMaj(n * times, d.inputSize());
    DMatrixRMaj y = new DMatrixRMaj(n * times, d.targetSize());
    for (int t = 0; t < times; t++) {
      System.arraycopy(d.inputs().data, 0, x.data, t * n * d.inputSize(), n * d.inputSize());
      System.arraycopy(d.targets().data, 0, y.data, t * n * d.targetSize(), n * d.targetSize());
    }
    return new Dataset(x, y);
  }
}
