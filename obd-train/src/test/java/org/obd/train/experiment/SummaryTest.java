package org.obd.train.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.obd.core.Model;
import org.obd.train.loop.PruneLoop;
import org.obd.train.loop.StepRecord;

/** The summary table, from records and from sequences. */
class SummaryTest {

  private static StepRecord r(String s, boolean retrained, int step, double deleted, double e,
      double testE, double acc) {
    return new StepRecord(s, retrained, step, 0, 0, deleted, 0, Double.NaN, Double.NaN, 0, 0, 0,
        e, Double.NaN, Double.NaN, Double.NaN, testE, acc, "", 0);
  }

  private static final List<StepRecord> RECORDS = List.of(
      r("obd", false, 0, 0, 0.1, 0.2, 0.9), r("obd", false, 1, 0.5, 1.4345, 1.4384, 0.482),
      r("obd", true, 0, 0, 0.1, 0.2, 0.9), r("obd", true, 1, 0.5, 0.11815, 0.17797, 0.953),
      r("magnitude", false, 0, 0, 0.1, 0.2, 0.9), r("magnitude", false, 2, 0.9, 2.4352,
          Double.NaN, Double.NaN));

  @Test
  void recordsGiveOneLinePerSequenceWithItsLastStep() {
    assertEquals("""
        strategy               retrained steps  deleted     train E      test E  test acc
        obd                    no            1    50.0%      1.4345      1.4384     48.2%
        obd                    yes           1    50.0%     0.11815     0.17797     95.3%
        magnitude              no            2    90.0%      2.4352           -         -
        """, Summary.table(RECORDS));
  }

  @Test
  void sequencesAddTheirStopAsObdRunPrintsIt() {
    Model m = null;
    List<PruneLoop.Sequence> seqs = List.of(
        new PruneLoop.Sequence(RECORDS.subList(0, 2), m, PruneLoop.Stop.TARGET),
        new PruneLoop.Sequence(RECORDS.subList(2, 4), m, PruneLoop.Stop.MAX_STEPS));
    assertEquals("""
        strategy               retrained steps  deleted     train E      test E  test acc  stop
        obd                    no            1    50.0%      1.4345      1.4384     48.2%  target
        obd                    yes           1    50.0%     0.11815     0.17797     95.3%  max-steps
        """, Summary.sequences(seqs));
  }

  @Test
  void longLabelsWidenTheFirstColumn() {
    String label = "obd(hessian=exact, damping=0.5)";
    String t = Summary.table(List.of(r(label, false, 0, 0, 1, 1, 1)));
    List<String> lines = t.lines().toList();
    assertEquals(lines.get(0).indexOf("retrained"), lines.get(1).indexOf("no"));
    assertEquals(label + " no", lines.get(1).substring(0, label.length() + 3));
  }

  @Test
  void noRecordsGiveTheHeaderAlone() {
    assertEquals(1, Summary.table(List.of()).lines().count());
  }

  /** A step with the diagnostics set. */
  private static StepRecord d(String s, boolean retrained, int step, double deleted,
      double predicted, double actual, double grad, int negative, double share) {
    return new StepRecord(s, retrained, step, 0, 0, deleted, 0, predicted, actual, grad, negative,
        share, 0.1, 0.9, Double.NaN, Double.NaN, 0.1, 0.9, "", 0);
  }

  @Test
  void diagnosticsAtAMinimumReportRatiosWithoutWarnings() {
    String text = Summary.diagnostics(List.of(
        d("obd", false, 0, 0, Double.NaN, Double.NaN, 0, 0, 0),
        d("obd", false, 1, 0.1, 0.010, 0.011, 1e-7, 0, 0),
        d("obd", false, 2, 0.2, 0.020, 0.025, 1e-7, 0, 0),
        d("obd", false, 3, 0.3, 0.030, 0.060, 1e-7, 0, 0),
        d("obd", true, 1, 0.1, 0.010, 0.5, 1e-7, 0, 0),
        d("magnitude", false, 1, 0.1, Double.NaN, 0.3, 1e-7, 0, 0)));
    assertEquals("""
        assumptions at the first scoring (the trained network): gradient norm 1.00e-07; negative\
         h_kk 0 (0.0% of the remaining parameters)
          obd: predicted/actual ΔE per step 0.91, 0.80, 0.50; within a factor 1.5 up to 20.0% deleted
        """, text, "the sequence without retraining; magnitude predicts nothing");
  }

  @Test
  void diagnosticsWarnNamingEachFailedAssumption() {
    String text = Summary.diagnostics(List.of(
        d("obd", true, 0, 0, Double.NaN, Double.NaN, 0, 0, 0),
        d("obd", true, 1, 0.1, 1e-5, -0.002, 0.3, 12, 0.05)));
    List<String> lines = text.lines().toList();
    assertEquals(5, lines.size(), text);
    org.junit.jupiter.api.Assertions.assertTrue(lines.get(1).startsWith(
        "  obd (retrained): predicted/actual ΔE per step -0.01; within a factor 1.5 up to 0.0%"),
        text);
    org.junit.jupiter.api.Assertions.assertTrue(lines.get(2).startsWith(
        "warning: the extremal assumption fails: the trained network is not at a minimum"
            + " (gradient norm 0.300 > 1e-3)"), text);
    org.junit.jupiter.api.Assertions.assertTrue(lines.get(3).startsWith(
        "warning: the positivity assumption fails: 12 of the h_kk (5.0%) are negative"), text);
    org.junit.jupiter.api.Assertions.assertTrue(lines.get(4).startsWith(
        "warning: the quadratic and diagonal approximation fails for obd from its first step"
            + " (10.0% deleted)"), text);
    org.junit.jupiter.api.Assertions.assertTrue(
        lines.get(4).endsWith("the omitted gradient term is the likelier cause"), text);
    assertEquals("", Summary.diagnostics(List.of(d("obd", false, 0, 0, 0, 0, 0, 0, 0))));
  }
}
