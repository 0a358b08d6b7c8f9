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
}
