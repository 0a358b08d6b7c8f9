package org.obd.train.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.obd.train.loop.StepRecord;

/**
 * Markdown tables of a study over several runs of one experiment (e.g. seeds 1–5): for each
 * strategy and sequence (without and with retraining), the training objective and the test
 * accuracy at given fractions deleted (mean ± sample standard deviation over the runs), the ratio
 * of predicted to actual change of the objective per step and cumulated, and where each sequence
 * ended; and, where the runs' {@code saliencies.csv} hold magnitude's first scores, how far each
 * strategy's first ranking agrees with magnitude's ({@link #agreement}). It reads only the runs'
 * {@code metrics.csv} (columns by name, as {@link Metrics} writes them) and {@code
 * saliencies.csv} ({@link Saliencies}).
 *
 * <p>{@code obd report RUN_DIR RUN_DIR…} prints them.
 *
 * <p>A level is read from the step whose {@code fraction_deleted} is nearest to it, within 0.02
 * (steps of {@code count} or {@code fraction} rarely land on it exactly); a sequence that ended
 * before it has no value there, and a cell over fewer runs than given says {@code (n=…)}.
 */
public final class StudyTables {

  /** The default levels: 10%, 20%, …, 90% deleted. */
  public static final double[] LEVELS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};

  /** How far from a level a step's fraction deleted may be to stand for it. */
  static final double TOLERANCE = 0.02;

  private StudyTables() {}

  /** The columns of one step that the tables use. */
  record Row(
      String strategy,
      boolean retrained,
      int step,
      double fractionDeleted,
      double predictedDelta,
      double actualDelta,
      double trainObjective,
      double testAccuracy,
      String retrainStop) {}

  /** One sequence of one run: its rows in step order. */
  record Sequence(String strategy, boolean retrained, List<Row> rows) {}

  /**
   * Reads the columns the tables use from a {@code metrics.csv} ({@link Metrics#read}).
   *
   * @throws IllegalArgumentException naming the file and line when a column is missing or a
   *     value is malformed
   */
  static List<Row> read(Path csv) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (StepRecord r : Metrics.read(csv)) {
      rows.add(new Row(r.strategy(), r.retrained(), r.step(), r.fractionDeleted(),
          r.predictedDelta(), r.actualDelta(), r.trainObjective(), r.testAccuracy(),
          r.retrainStop()));
    }
    return rows;
  }

  /** The sequences of one run, in the order they first appear. */
  static List<Sequence> sequences(List<Row> rows) {
    Map<String, List<Row>> by = new LinkedHashMap<>();
    for (Row r : rows) {
      by.computeIfAbsent(r.strategy() + "\u0000" + r.retrained(), k -> new ArrayList<>()).add(r);
    }
    List<Sequence> out = new ArrayList<>();
    for (List<Row> s : by.values()) {
      out.add(new Sequence(s.get(0).strategy(), s.get(0).retrained(), List.copyOf(s)));
    }
    return out;
  }

  /**
   * The row standing for a level: the one whose fraction deleted is nearest to it (the earlier on
   * a tie), if within {@link #TOLERANCE}; null otherwise. Level 0 is step 0.
   */
  static Row at(Sequence s, double level) {
    Row best = null;
    for (Row r : s.rows()) {
      double d = Math.abs(r.fractionDeleted() - level);
      if (d <= TOLERANCE && (best == null || d < Math.abs(best.fractionDeleted() - level))) {
        best = r;
      }
    }
    return best;
  }

  /** Mean and sample standard deviation of the finite values (sd 0 for one, NaN for none). */
  record Summary(double mean, double sd, int n) {
    static Summary of(List<Double> values) {
      double sum = 0;
      int n = 0;
      for (double v : values) {
        if (Double.isFinite(v)) {
          sum += v;
          n++;
        }
      }
      if (n == 0) {
        return new Summary(Double.NaN, Double.NaN, 0);
      }
      double mean = sum / n;
      double ss = 0;
      for (double v : values) {
        if (Double.isFinite(v)) {
          ss += (v - mean) * (v - mean);
        }
      }
      return new Summary(mean, n > 1 ? Math.sqrt(ss / (n - 1)) : 0.0, n);
    }
  }

  /** The tables of several runs of one experiment, as Markdown. */
  public static String tables(List<Path> runs, double[] levels) throws IOException {
    List<List<Sequence>> all = new ArrayList<>();
    List<List<Saliencies.Row>> scores = new ArrayList<>();
    for (Path run : runs) {
      Path csv = Files.isDirectory(run) ? run.resolve("metrics.csv") : run;
      all.add(sequences(read(csv)));
      Path saliencies = csv.resolveSibling(Saliencies.FILE);
      if (Files.isRegularFile(saliencies)) {
        scores.add(Saliencies.read(saliencies));
      }
    }
    return tablesOf(all, levels) + agreementTable(scores);
  }

  /** The reference ranking of {@link #agreement}. */
  static final String REFERENCE = "magnitude";

  /** The share of the parameters whose first deletions {@link #agreement} compares. */
  static final double FIRST = 0.1;

  /**
   * How far one strategy's first ranking agrees with another's: Spearman's rank correlation of
   * the two score vectors (average ranks for ties) and the share of the first {@link #FIRST} of
   * the parameters (lowest scores, ties by index, as the pruner takes them) that both choose.
   *
   * @param a the scores of one strategy, one per parameter (NaN where it has none)
   * @param b the other's, of the same length
   * @return {spearman, overlap} over the parameters both score; NaN for fewer than 2
   */
  static double[] agreement(double[] a, double[] b) {
    List<Integer> both = new ArrayList<>();
    for (int i = 0; i < a.length; i++) {
      if (Double.isFinite(a[i]) && Double.isFinite(b[i])) {
        both.add(i);
      }
    }
    int n = both.size();
    if (n < 2) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = a[both.get(i)];
      y[i] = b[both.get(i)];
    }
    Integer[] sx = sortedIndices(x);
    Integer[] sy = sortedIndices(y);
    double[] rx = ranks(x, sx);
    double[] ry = ranks(y, sy);
    double mean = (n - 1) / 2.0;
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < n; i++) {
      sxy += (rx[i] - mean) * (ry[i] - mean);
      sxx += (rx[i] - mean) * (rx[i] - mean);
      syy += (ry[i] - mean) * (ry[i] - mean);
    }
    int k = Math.max(1, (int) Math.round(FIRST * n));
    boolean[] firstOfX = new boolean[n];
    for (int i = 0; i < k; i++) {
      firstOfX[sx[i]] = true;
    }
    int common = 0;
    for (int i = 0; i < k; i++) {
      common += firstOfX[sy[i]] ? 1 : 0;
    }
    double rho = sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    return new double[] {rho, (double) common / k};
  }

  /** Ranks 0…n−1 of the values, ties given their average rank; {@code idx} sorts them. */
  private static double[] ranks(double[] v, Integer[] idx) {
    double[] r = new double[v.length];
    for (int i = 0; i < idx.length; ) {
      int j = i;
      while (j + 1 < idx.length && v[idx[j + 1]] == v[idx[i]]) {
        j++;
      }
      for (int t = i; t <= j; t++) {
        r[idx[t]] = (i + j) / 2.0;
      }
      i = j + 1;
    }
    return r;
  }

  /** The indices of the values in ascending order, ties by index (as the pruner takes them). */
  private static Integer[] sortedIndices(double[] v) {
    Integer[] idx = new Integer[v.length];
    for (int i = 0; i < v.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (p, q) -> {
      int c = Double.compare(v[p], v[q]);
      return c != 0 ? c : Integer.compare(p, q);
    });
    return idx;
  }

  /**
   * The table of {@link #agreement} with {@link #REFERENCE}'s first scores, per strategy, over
   * the runs that hold both (mean ± sd); empty when no run holds the reference's scores.
   */
  static String agreementTable(List<List<Saliencies.Row>> runs) {
    List<String> names = new ArrayList<>();
    Map<String, List<Double>> rho = new LinkedHashMap<>();
    Map<String, List<Double>> overlap = new LinkedHashMap<>();
    for (List<Saliencies.Row> run : runs) {
      Map<String, Map<String, Double>> by = new LinkedHashMap<>();
      for (Saliencies.Row r : run) {
        by.computeIfAbsent(r.strategy(), k -> new LinkedHashMap<>())
            .put(r.block() + "\u0000" + r.index(), r.saliency());
      }
      Map<String, Double> reference = by.get(REFERENCE);
      if (reference == null) {
        continue;
      }
      List<String> params = new ArrayList<>(reference.keySet());
      double[] b = new double[params.size()];
      for (int i = 0; i < b.length; i++) {
        b[i] = reference.get(params.get(i));
      }
      for (Map.Entry<String, Map<String, Double>> e : by.entrySet()) {
        if (e.getKey().equals(REFERENCE)) {
          continue;
        }
        double[] a = new double[params.size()];
        for (int i = 0; i < a.length; i++) {
          a[i] = e.getValue().getOrDefault(params.get(i), Double.NaN);
        }
        double[] g = agreement(a, b);
        if (!names.contains(e.getKey())) {
          names.add(e.getKey());
        }
        rho.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(g[0]);
        overlap.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(g[1]);
      }
    }
    if (names.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    out.append("\nFirst rankings against ").append(REFERENCE).append("'s (saliencies.csv):")
        .append(" Spearman's rank correlation of the first scores, and the share of the first ")
        .append(percent(FIRST)).append(" of the parameters that both delete first:\n\n")
        .append("| strategy | rank correlation | shared first ").append(percent(FIRST))
        .append(" |\n|---|---|---|\n");
    for (String name : names) {
      List<Double> r = rho.get(name);
      out.append("| ").append(name).append(" | ")
          .append(format(Summary.of(r), r.size(), "%.3f")).append(" | ")
          .append(format(Summary.of(overlap.get(name)), r.size(), "%.3f")).append(" |\n");
    }
    return out.toString();
  }

  /** {@link #tables} of runs already read. */
  static String tablesOf(List<List<Sequence>> runs, double[] levels) {
    List<String> keys = new ArrayList<>();
    for (List<Sequence> run : runs) {
      for (Sequence s : run) {
        String k = key(s.strategy(), s.retrained());
        if (!keys.contains(k)) {
          keys.add(k);
        }
      }
    }
    int n = runs.size();
    StringBuilder out = new StringBuilder();
    out.append("Runs: ").append(n).append(n == 1 ? ".\n"
        : ". Cells: mean ± sd over the runs (n=… when fewer runs reach the level).\n");
    for (boolean retrained : new boolean[] {false, true}) {
      String mode = retrained ? "with retraining" : "without retraining";
      List<String> modeKeys = keys.stream().filter(k -> k.endsWith(retrained ? "|1" : "|0"))
          .toList();
      if (modeKeys.isEmpty()) {
        continue;
      }
      table(out, "Training objective, " + mode, runs, modeKeys, levels, true,
          r -> r.trainObjective(), "%.4g");
      table(out, "Test accuracy (%), " + mode, runs, modeKeys, levels, true,
          r -> 100 * r.testAccuracy(), "%.2f");
    }
    List<String> predicting = new ArrayList<>();
    for (String k : keys) {
      if (k.endsWith("|0")) {
        boolean any = false;
        for (List<Sequence> run : runs) {
          for (Sequence s : run) {
            if (key(s.strategy(), s.retrained()).equals(k)) {
              any |= s.rows().stream().anyMatch(r -> Double.isFinite(r.predictedDelta()));
            }
          }
        }
        if (any) {
          predicting.add(k);
        }
      }
    }
    if (!predicting.isEmpty()) {
      ratios(out, runs, predicting, levels, false);
      ratios(out, runs, predicting, levels, true);
    }
    ends(out, runs, keys);
    return out.toString();
  }

  private static String key(String strategy, boolean retrained) {
    return strategy + "|" + (retrained ? "1" : "0");
  }

  private static Sequence find(List<Sequence> run, String key) {
    for (Sequence s : run) {
      if (key(s.strategy(), s.retrained()).equals(key)) {
        return s;
      }
    }
    return null;
  }

  private static String name(String key) {
    return key.substring(0, key.length() - 2);
  }

  private static void header(StringBuilder out, String title, double[] levels, boolean zero) {
    out.append("\n").append(title).append(":\n\n| strategy |");
    if (zero) {
      out.append(" 0 |");
    }
    for (double l : levels) {
      out.append(' ').append(percent(l)).append(" |");
    }
    out.append("\n|---|");
    out.append("---|".repeat(levels.length + (zero ? 1 : 0)));
    out.append('\n');
  }

  private static String percent(double level) {
    return String.format(Locale.ROOT, "%.0f%%", 100 * level);
  }

  private static void table(
      StringBuilder out,
      String title,
      List<List<Sequence>> runs,
      List<String> keys,
      double[] levels,
      boolean zero,
      ToDoubleFunction<Row> value,
      String format) {
    header(out, title, levels, zero);
    for (String k : keys) {
      out.append("| ").append(name(k)).append(" |");
      if (zero) {
        out.append(' ').append(cell(runs, k, 0.0, value, format)).append(" |");
      }
      for (double l : levels) {
        out.append(' ').append(cell(runs, k, l, value, format)).append(" |");
      }
      out.append('\n');
    }
  }

  private static String cell(
      List<List<Sequence>> runs, String key, double level, ToDoubleFunction<Row> value,
      String format) {
    List<Double> v = new ArrayList<>();
    for (List<Sequence> run : runs) {
      Sequence s = find(run, key);
      Row r = s == null ? null : at(s, level);
      if (r != null) {
        v.add(value.applyAsDouble(r));
      }
    }
    return format(Summary.of(v), runs.size(), format);
  }

  private static String format(Summary s, int runs, String format) {
    if (s.n() == 0) {
      return "–";
    }
    String m = String.format(Locale.ROOT, format, s.mean());
    String text = s.n() == 1 ? m : m + " ± " + String.format(Locale.ROOT, format, s.sd());
    return s.n() < runs ? text + " (n=" + s.n() + ")" : text;
  }

  /**
   * Σ predicted / Σ actual ΔE over the steps from the level before to each level (the step ending
   * at the level when steps are as large as the levels' spacing; all the steps between when they
   * are smaller), or, {@code cumulative}, over the steps from the start up to the level (the
   * paper's Fig. 1 comparison).
   */
  private static void ratios(StringBuilder out, List<List<Sequence>> runs, List<String> keys,
      double[] levels, boolean cumulative) {
    header(out, cumulative
        ? "Cumulative predicted / actual ΔE (sums over the steps up to the level), without"
            + " retraining"
        : "Predicted / actual ΔE from the level before (sums over the steps between; the first"
            + " level's from the start), without retraining", levels, false);
    for (String k : keys) {
      out.append("| ").append(name(k)).append(" |");
      for (int i = 0; i < levels.length; i++) {
        List<Double> v = new ArrayList<>();
        for (List<Sequence> run : runs) {
          Sequence s = find(run, k);
          Row end = s == null ? null : at(s, levels[i]);
          Row start = cumulative || i == 0 || s == null ? null : at(s, levels[i - 1]);
          if (end == null || (!cumulative && i > 0 && start == null)) {
            continue;
          }
          int from = start == null ? 0 : start.step();
          double p = 0;
          double a = 0;
          for (Row r : s.rows()) {
            if (r.step() > from && r.step() <= end.step()) {
              p += r.predictedDelta();
              a += r.actualDelta();
            }
          }
          v.add(p / a);
        }
        out.append(' ').append(format(Summary.of(v), runs.size(), "%.3g")).append(" |");
      }
      out.append('\n');
    }
  }

  /** Where each sequence ended: fraction deleted and test accuracy of its last step. */
  private static void ends(StringBuilder out, List<List<Sequence>> runs, List<String> keys) {
    out.append("\nWhere each sequence ended (last step):\n\n")
        .append("| strategy | retrained | fraction deleted | test accuracy (%) | steps |\n")
        .append("|---|---|---|---|---|\n");
    for (String k : keys) {
      List<Double> f = new ArrayList<>();
      List<Double> acc = new ArrayList<>();
      List<Double> steps = new ArrayList<>();
      for (List<Sequence> run : runs) {
        Sequence s = find(run, k);
        if (s != null) {
          Row last = s.rows().get(s.rows().size() - 1);
          f.add(last.fractionDeleted());
          acc.add(100 * last.testAccuracy());
          steps.add((double) last.step());
        }
      }
      out.append("| ").append(name(k)).append(" | ").append(k.endsWith("|1") ? "yes" : "no")
          .append(" | ").append(format(Summary.of(f), runs.size(), "%.3f"))
          .append(" | ").append(format(Summary.of(acc), runs.size(), "%.2f"))
          .append(" | ").append(format(Summary.of(steps), runs.size(), "%.1f")).append(" |\n");
    }
  }
}
