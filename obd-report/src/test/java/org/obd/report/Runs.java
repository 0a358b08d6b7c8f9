package org.obd.report;

import java.util.ArrayList;
import java.util.List;
import org.obd.train.experiment.Saliencies;
import org.obd.train.loop.StepRecord;

/**
 * Hand-made runs for the plot tests: three strategies ({@code obd}, {@code magnitude} and a label
 * unfit for file names) without and with retraining, with the values the plots must cope with —
 * NaN and infinite objectives, changes of E that are zero or negative, strategies that predict
 * nothing, saliencies that are zero, negative or NaN.
 */
final class Runs {

  private Runs() {}

  /** A label with characters a file name cannot hold. */
  static final String EXACT = "obd(hessian=exact, damping=0.1)";

  static final List<String> STRATEGIES = List.of("obd", "magnitude", EXACT);

  static final int STEPS = 6;

  static StepRecord record(String strategy, boolean retrained, int step, double e,
      double predicted, double actual, double testAccuracy) {
    double f = step * 0.15;
    return new StepRecord(strategy, retrained, step, step == 0 ? 0 : 15, 100 - 15 * step, f,
        e / 2, step == 0 ? Double.NaN : predicted, step == 0 ? Double.NaN : actual, 1e-6, 0, 0,
        e, 0.9, Double.NaN, Double.NaN, e * 1.1, testAccuracy,
        retrained ? "max-epochs" : "", 0.01);
  }

  /**
   * Every sequence of the three strategies. Left out of the log plots: obd without retraining has
   * a NaN objective at step 3 and an infinite one at step 4 (2 points); obd's ΔE at step 2 is
   * negative (actual) and at step 3 zero (predicted), in both modes (4 steps); the exact label's
   * prediction at step 5 without retraining is NaN (1 step). magnitude predicts nothing.
   */
  static List<StepRecord> records() {
    List<StepRecord> rs = new ArrayList<>();
    for (boolean retrained : new boolean[] {false, true}) {
      for (String s : STRATEGIES) {
        for (int k = 0; k < STEPS; k++) {
          int i = STRATEGIES.indexOf(s);
          double e = retrained ? 0.01 * (1 + (0.2 + 0.1 * i) * k) : 0.01 * Math.pow(2 + i, k);
          if (s.equals("obd") && !retrained && k == 3) {
            e = Double.NaN;
          }
          if (s.equals("obd") && !retrained && k == 4) {
            e = Double.POSITIVE_INFINITY;
          }
          double predicted =
              s.equals("magnitude") ? Double.NaN : 1e-4 * Math.pow(2, k) * (retrained ? 1.3 : 1);
          double actual = 1.5e-4 * Math.pow(2.2, k);
          if (s.equals("obd") && k == 2) {
            actual = -1e-5;
          }
          if (s.equals("obd") && k == 3) {
            predicted = 0;
          }
          if (s.equals(EXACT) && !retrained && k == 5) {
            predicted = Double.NaN;
          }
          double acc = retrained ? 0.95 - 0.01 * (i + 1) * k : 0.95 - 0.05 * (i + 1) * k;
          rs.add(record(s, retrained, k, e, predicted, actual, acc));
        }
      }
    }
    return rs;
  }

  /**
   * First-step saliencies: per strategy 200 weights of {@code layer0.weight}, 40 of {@code
   * layer1.weight} and 10 biases of {@code layer0.bias}, log-spread, for each strategy; obd has 3 negative, 2 zero
   * and 1 NaN weight saliency in layer0 and 1 negative in layer1 (7 not shown); magnitude none.
   */
  static List<Saliencies.Row> saliencies() {
    List<Saliencies.Row> rows = new ArrayList<>();
    int index = 0;
    for (String s : STRATEGIES) {
      index = 0;
      for (int i = 0; i < 200; i++) {
        double v = Math.pow(10, -6 + 5.0 * i / 200);
        if (s.equals("obd") && i < 3) {
          v = -1e-4;
        } else if (s.equals("obd") && i < 5) {
          v = 0;
        } else if (s.equals("obd") && i == 5) {
          v = Double.NaN;
        }
        rows.add(new Saliencies.Row(s, "layer0.weight", index++, v));
      }
      for (int i = 0; i < 10; i++) {
        rows.add(new Saliencies.Row(s, "layer0.bias", index++, 1e-3));
      }
      for (int i = 0; i < 40; i++) {
        double v = s.equals("obd") && i == 0 ? -2e-3 : Math.pow(10, -3 + 2.0 * i / 40);
        rows.add(new Saliencies.Row(s, "layer1.weight", index++, v));
      }
    }
    return rows;
  }
}
