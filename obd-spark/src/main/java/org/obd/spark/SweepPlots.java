package org.obd.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.obd.report.Plots;
import org.obd.train.experiment.Metrics;
import org.obd.train.loop.StepRecord;

/**
 * The comparison plots of a sweep: per configuration (the grid values other than {@code seed}),
 * strategy and retraining mode, the mean ± sd over the configuration's runs (its seeds) of the
 * training objective and the test accuracy at each prune step, against the mean fraction deleted.
 *
 * <ul>
 *   <li>{@value #OBJECTIVE_WITHOUT_RETRAINING}, {@value #OBJECTIVE_WITH_RETRAINING}: {@code E}
 *       (log scale) vs % deleted;
 *   <li>{@value #TEST_ACCURACY}: test accuracy (%) vs % deleted, dashed with retraining.
 * </ul>
 *
 * <p>A step is averaged over the runs whose sequence reached it; sd is the sample standard
 * deviation (0 over one run).
 */
final class SweepPlots {

  /** The grid key whose values are averaged over. */
  static final String SEED = "seed";

  static final String OBJECTIVE_WITHOUT_RETRAINING = "sweep-objective-without-retraining";
  static final String OBJECTIVE_WITH_RETRAINING = "sweep-objective-with-retraining";
  static final String TEST_ACCURACY = "sweep-test-accuracy";

  private SweepPlots() {}

  /** One sequence's records in each run of a configuration. */
  private record Key(String configuration, String strategy, boolean retrained) {}

  static List<Plots.Plot> plots(Sweep sweep) throws IOException {
    Map<String, Map<String, String>> values = sweep.values();
    Map<Key, List<List<StepRecord>>> sequences = new LinkedHashMap<>();
    for (SweepRun r : sweep.runs()) {
      List<String> parts = new ArrayList<>();
      values.get(r.name()).forEach((k, v) -> {
        if (!k.equals(SEED)) {
          parts.add(k + "=" + v);
        }
      });
      String configuration = String.join(", ", parts);
      Map<Key, List<StepRecord>> mine = new LinkedHashMap<>();
      for (StepRecord s : Metrics.read(Path.of(r.directory()).resolve(Metrics.CSV_FILE))) {
        mine.computeIfAbsent(new Key(configuration, s.strategy(), s.retrained()),
            k -> new ArrayList<>()).add(s);
      }
      mine.forEach((k, recs) -> sequences.computeIfAbsent(k, x -> new ArrayList<>()).add(
          recs.stream().sorted(java.util.Comparator.comparingInt(StepRecord::step)).toList()));
    }
    List<Plots.Plot> plots = new ArrayList<>();
    for (boolean retrained : new boolean[] {false, true}) {
      List<Plots.Band> bands = new ArrayList<>();
      sequences.forEach((k, runs) -> {
        if (k.retrained() == retrained) {
          bands.add(band(k, runs, StepRecord::trainObjective, 1));
        }
      });
      Plots.Plot p = Plots.spread(
          retrained ? OBJECTIVE_WITH_RETRAINING : OBJECTIVE_WITHOUT_RETRAINING,
          "Training objective E, " + (retrained ? "with" : "without") + " retraining",
          "fraction deleted (%)", "training objective E (log scale)", true, bands);
      if (p != null) {
        plots.add(p);
      }
    }
    List<Plots.Band> accuracy = new ArrayList<>();
    sequences.forEach((k, runs) -> accuracy.add(band(k, runs, StepRecord::testAccuracy, 100)));
    if (accuracy.stream().anyMatch(b -> java.util.Arrays.stream(b.mean())
        .anyMatch(Double::isFinite))) {
      Plots.Plot p = Plots.spread(TEST_ACCURACY, "Test accuracy vs fraction deleted",
          "fraction deleted (%)", "test accuracy (%)", false, accuracy);
      if (p != null) {
        plots.add(p);
      }
    }
    return plots;
  }

  /** The mean ± sd of one quantity per step over the runs that reached the step. */
  private static Plots.Band band(Key k, List<List<StepRecord>> runs,
      ToDoubleFunction<StepRecord> quantity, double scale) {
    int steps = runs.stream().mapToInt(List::size).max().orElse(0);
    double[] x = new double[steps];
    double[] mean = new double[steps];
    double[] sd = new double[steps];
    int[] n = new int[steps];
    for (int i = 0; i < steps; i++) {
      List<Double> ys = new ArrayList<>();
      double sx = 0;
      for (List<StepRecord> run : runs) {
        if (i < run.size()) {
          ys.add(scale * quantity.applyAsDouble(run.get(i)));
          sx += 100 * run.get(i).fractionDeleted();
        }
      }
      n[i] = ys.size();
      x[i] = sx / n[i];
      double sum = 0;
      for (double y : ys) {
        sum += y;
      }
      mean[i] = sum / n[i];
      double ss = 0;
      for (double y : ys) {
        ss += (y - mean[i]) * (y - mean[i]);
      }
      sd[i] = n[i] < 2 ? 0 : Math.sqrt(ss / (n[i] - 1));
    }
    String name = (k.configuration().isEmpty() ? "" : k.configuration() + ": ") + k.strategy()
        + (k.retrained() ? Plots.RETRAINED : "") + " (n=" + runs.size() + ")";
    return new Plots.Band(name, k.configuration() + "|" + k.strategy(), k.retrained(), x, mean,
        sd, n);
  }
}
