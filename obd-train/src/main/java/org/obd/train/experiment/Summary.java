package org.obd.train.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.obd.train.loop.PruneLoop;
import org.obd.train.loop.StepRecord;

/**
 * The summary table of a run: one line per prune sequence (strategy and retraining mode) with its
 * last step — the step number, the share of parameters deleted (%), the training and test
 * objective {@code E}, the test accuracy (%) — under a header line. {@code obd run} and {@code obd
 * report} print it. A value that does not apply (NaN, e.g. the accuracy of real-valued targets or
 * the objective of an empty test set) is shown as {@code -}.
 *
 * <p>Two forms: {@link #table(List)} from the step records alone, as {@code metrics.csv} holds
 * them, and {@link #sequences(List)} from finished sequences, which adds a {@code stop} column
 * (why each sequence ended: {@code target}, {@code max-steps}, …). The stop is not among the step
 * records, so the records-only table has no such column; otherwise both are the same.
 */
public final class Summary {

  private Summary() {}

  /**
   * The table of the sequences in {@code records}, each sequence being the records of one strategy
   * label and retraining mode, in the order they first appear; its line shows its record with the
   * highest step. Without a stop column (see the class comment). An empty list gives the header
   * alone.
   */
  public static String table(List<StepRecord> records) {
    Map<String, StepRecord> last = new LinkedHashMap<>();
    for (StepRecord r : records) {
      last.merge(r.strategy() + "\u0000" + r.retrained(), r,
          (a, b) -> b.step() >= a.step() ? b : a);
    }
    return format(List.copyOf(last.values()), null);
  }

  /**
   * The table of finished sequences, in their order, with a {@code stop} column: what {@code obd
   * run} prints at the end of a run.
   */
  public static String sequences(List<PruneLoop.Sequence> sequences) {
    List<StepRecord> ends = new ArrayList<>();
    List<String> stops = new ArrayList<>();
    for (PruneLoop.Sequence s : sequences) {
      if (!s.records().isEmpty()) {
        ends.add(s.records().get(s.records().size() - 1));
        stops.add(String.valueOf(s.stop()));
      }
    }
    return format(ends, stops);
  }

  private static String format(List<StepRecord> ends, List<String> stops) {
    int width = 22;
    for (StepRecord r : ends) {
      width = Math.max(width, r.strategy().length());
    }
    String name = "%-" + width + "s";
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, name + " %-9s %5s %8s %11s %11s %9s", "strategy",
        "retrained", "steps", "deleted", "train E", "test E", "test acc"));
    sb.append(stops == null ? "\n" : "  stop\n");
    for (int i = 0; i < ends.size(); i++) {
      StepRecord r = ends.get(i);
      sb.append(String.format(Locale.ROOT, name + " %-9s %5d %8s %11s %11s %9s", r.strategy(),
          r.retrained() ? "yes" : "no", r.step(), percent(r.fractionDeleted()),
          number(r.trainObjective()), number(r.testObjective()), percent(r.testAccuracy())));
      sb.append(stops == null ? "\n" : "  " + stops.get(i) + "\n");
    }
    return sb.toString();
  }

  /** {@code 100 x} with one decimal and {@code %}, or {@code -} for NaN. */
  private static String percent(double x) {
    return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * x);
  }

  /** Five significant digits, or {@code -} for NaN. */
  private static String number(double x) {
    return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.5g", x);
  }

  /** Above this gradient norm at scoring, the network is not taken to be at a minimum. */
  public static final double GRADIENT_TOLERANCE = 1e-3;

  private static final String GRADIENT_TOLERANCE_TEXT = "1e-3";

  /** Predicted/actual ΔE ratios outside [1/RATIO_TOLERANCE, RATIO_TOLERANCE] disagree. */
  public static final double RATIO_TOLERANCE = 1.5;

  /**
   * The diagnostics of OBD's assumptions measured during a run, in plain words, and a warning
   * naming each assumption that fails:
   *
   * <ul>
   *   <li><b>extremal</b> (a minimum: {@code ∇E = 0}): the gradient norm when the trained network
   *       is first scored; a warning above {@link #GRADIENT_TOLERANCE};
   *   <li><b>positivity</b> (positive curvature, {@code h_kk ≥ 0}): the count and share of
   *       negative {@code h_kk} at the first scoring; a warning when any is negative;
   *   <li><b>quadratic and diagonal</b> (small deletions, no interactions): per strategy that
   *       predicts the change, in its sequence without retraining (the first one when there is
   *       none), the predicted/actual {@code ΔE} ratio per step and the share deleted up to which
   *       it stays within a factor {@link #RATIO_TOLERANCE}; a warning when it leaves that band
   *       within the first step.
   * </ul>
   *
   * Empty when the records hold no scoring (no step past 0).
   */
  public static String diagnostics(List<StepRecord> records) {
    StepRecord first = null;
    for (StepRecord r : records) {
      if (r.step() == 1) {
        first = r;
        break;
      }
    }
    if (first == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    List<String> warnings = new ArrayList<>();
    sb.append(String.format(Locale.ROOT,
        "assumptions at the first scoring (the trained network): gradient norm %.3g;"
            + " negative h_kk %d (%.1f%% of the remaining parameters)%n",
        first.gradientNorm(), first.negativeCurvature(), 100 * first.negativeCurvatureShare()));
    if (first.gradientNorm() > GRADIENT_TOLERANCE) {
      warnings.add(String.format(Locale.ROOT,
          "the extremal assumption fails: the trained network is not at a minimum (gradient norm"
              + " %.3g > %s); predictions that omit the gradient term are biased — train longer"
              + " or to training.gradient-tolerance, or use obd's gradient-term option",
          first.gradientNorm(), GRADIENT_TOLERANCE_TEXT));
    }
    if (first.negativeCurvature() > 0) {
      warnings.add(String.format(Locale.ROOT,
          "the positivity assumption fails: %d of the h_kk (%.1f%%) are negative, so the"
              + " network is not at a minimum of positive curvature and their saliencies predict a"
              + " fall of E", first.negativeCurvature(), 100 * first.negativeCurvatureShare()));
    }
    Map<String, List<StepRecord>> byStrategy = new LinkedHashMap<>();
    Map<String, Boolean> mode = new LinkedHashMap<>();
    for (StepRecord r : records) {
      Boolean m = mode.get(r.strategy());
      if (m == null || (m && !r.retrained())) {
        mode.put(r.strategy(), r.retrained());
        byStrategy.put(r.strategy(), new ArrayList<>());
      }
      if (mode.get(r.strategy()) == r.retrained() && r.step() > 0) {
        byStrategy.get(r.strategy()).add(r);
      }
    }
    for (Map.Entry<String, List<StepRecord>> e : byStrategy.entrySet()) {
      List<StepRecord> steps = e.getValue();
      if (steps.isEmpty() || steps.stream().allMatch(r -> Double.isNaN(r.predictedDelta()))) {
        continue;
      }
      double holds = 0;
      StepRecord failed = null;
      StringBuilder ratios = new StringBuilder();
      for (StepRecord r : steps) {
        double ratio = r.predictedDelta() / r.actualDelta();
        if (ratios.length() < 60) {
          ratios.append(ratios.length() == 0 ? "" : ", ").append(Double.isFinite(ratio)
              ? String.format(Locale.ROOT, "%.2f", ratio) : "-");
        }
        boolean ok = Double.isFinite(ratio) && ratio >= 1 / RATIO_TOLERANCE
            && ratio <= RATIO_TOLERANCE;
        if (failed == null && ok) {
          holds = r.fractionDeleted();
        } else if (failed == null) {
          failed = r;
        }
      }
      sb.append(String.format(Locale.ROOT,
          "  %s%s: predicted/actual ΔE per step %s%s; within a factor %.1f up to %.1f%% deleted%n",
          e.getKey(), mode.get(e.getKey()) ? " (retrained)" : "", ratios,
          ratios.length() >= 60 ? ", …" : "", RATIO_TOLERANCE, 100 * holds));
      if (failed != null && failed.step() == 1) {
        warnings.add(String.format(Locale.ROOT,
            "the quadratic and diagonal approximation fails for %s from its first step"
                + " (%.1f%% deleted): predicted ΔE %.3g, actual %.3g — the deletion is too large"
                + " for a second-order prediction, or interactions between the deleted weights"
                + " dominate; take smaller steps (pruning.step)%s",
            e.getKey(), 100 * failed.fractionDeleted(), failed.predictedDelta(),
            failed.actualDelta(), first.gradientNorm() > GRADIENT_TOLERANCE
                ? "; away from a minimum the omitted gradient term is the likelier cause" : ""));
      }
    }
    for (String w : warnings) {
      sb.append("warning: ").append(w).append('\n');
    }
    return sb.toString();
  }
}
