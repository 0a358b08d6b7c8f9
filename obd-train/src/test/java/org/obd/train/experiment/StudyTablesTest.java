package org.obd.train.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.obd.train.loop.StepRecord;

class StudyTablesTest {

  /** A record with the fields the tables read; the others are filler. */
  private static StepRecord record(
      String strategy, boolean retrained, int step, double fraction, double predicted,
      double actual, double trainObjective, double testAccuracy) {
    return new StepRecord(strategy, retrained, step, step == 0 ? 0 : 10, 100, fraction, 1.0,
        predicted, actual, 0.01, 0, 0.0, trainObjective, 1.0, Double.NaN, Double.NaN, 2.0,
        testAccuracy, retrained ? "max-epochs" : "", 0.5);
  }

  /** obd and magnitude without retraining, steps of 10%, objective rising by {@code rise}. */
  private static List<StepRecord> run(double rise, int obdSteps) {
    List<StepRecord> r = new ArrayList<>();
    r.add(record("obd", false, 0, 0.0, Double.NaN, Double.NaN, 0.1, 0.99));
    for (int s = 1; s <= obdSteps; s++) {
      r.add(record("obd", false, s, 0.1 * s + 0.004, rise, 2 * rise, 0.1 + 2 * rise * s,
          0.99 - 0.01 * s));
    }
    r.add(record("magnitude", true, 0, 0.0, Double.NaN, Double.NaN, 0.1, 0.99));
    for (int s = 1; s <= 3; s++) {
      r.add(record("magnitude", true, s, 0.1 * s, Double.NaN, 3 * rise, 0.1, 0.98));
    }
    return r;
  }

  private static Path write(Path dir, List<StepRecord> records) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("metrics.csv"), Metrics.csv(records));
    return dir;
  }

  @Test
  void readsWhatMetricsWrites(@TempDir Path tmp) throws IOException {
    List<StepRecord> records = run(0.01, 3);
    List<StudyTables.Row> rows = StudyTables.read(write(tmp, records).resolve("metrics.csv"));
    assertEquals(records.size(), rows.size());
    for (int i = 0; i < rows.size(); i++) {
      StepRecord r = records.get(i);
      StudyTables.Row x = rows.get(i);
      assertEquals(r.strategy(), x.strategy());
      assertEquals(r.retrained(), x.retrained());
      assertEquals(r.step(), x.step());
      assertEquals(r.fractionDeleted(), x.fractionDeleted());
      assertEquals(r.predictedDelta(), x.predictedDelta());
      assertEquals(r.actualDelta(), x.actualDelta());
      assertEquals(r.trainObjective(), x.trainObjective());
      assertEquals(r.testAccuracy(), x.testAccuracy());
      assertEquals(r.retrainStop(), x.retrainStop());
    }
    List<StudyTables.Sequence> s = StudyTables.sequences(rows);
    assertEquals(2, s.size());
    assertEquals("obd", s.get(0).strategy());
    assertEquals(4, s.get(1).rows().size());
  }

  @Test
  void aLevelIsTheNearestStepWithinTheTolerance() {
    StudyTables.Sequence s =
        new StudyTables.Sequence("obd", false,
            List.of(row(0, 0.0), row(1, 0.09), row(2, 0.115), row(3, 0.3)));
    assertEquals(1, StudyTables.at(s, 0.1).step(), "0.09 is nearer to 0.1 than 0.115");
    assertEquals(0, StudyTables.at(s, 0.0).step());
    assertNull(StudyTables.at(s, 0.2), "no step within 0.02 of 20%");
    assertEquals(3, StudyTables.at(s, 0.31).step());
  }

  private static StudyTables.Row row(int step, double fraction) {
    return new StudyTables.Row("obd", false, step, fraction, 1, 1, 1, 1, "");
  }

  @Test
  void meanAndSampleSdOfTheFiniteValues() {
    StudyTables.Summary s = StudyTables.Summary.of(Arrays.asList(1.0, Double.NaN, 3.0, 2.0));
    assertEquals(2.0, s.mean(), 1e-15);
    assertEquals(1.0, s.sd(), 1e-15);
    assertEquals(3, s.n());
    assertEquals(0.0, StudyTables.Summary.of(List.of(5.0)).sd());
    assertEquals(0, StudyTables.Summary.of(List.of(Double.NaN)).n());
  }

  @Test
  void tablesSummariseTheRunsPerLevel(@TempDir Path tmp) throws IOException {
    Path a = write(tmp.resolve("a"), run(0.01, 3));
    Path b = write(tmp.resolve("b"), run(0.03, 2));
    String t = StudyTables.tables(List.of(a, b), new double[] {0.1, 0.2, 0.3});
    assertTrue(t.startsWith("Runs: 2."), t);
    // training objective of obd at 10%: 0.12 and 0.16
    assertTrue(t.contains("| obd | 0.1000 ± 0.000 | 0.1400 ± 0.02828 | 0.1800 ± 0.05657 |"
        + " 0.1600 (n=1) |"), t);
    // test accuracy in %: 98 at 10% in both runs
    assertTrue(t.contains("| obd | 99.00 ± 0.00 | 98.00 ± 0.00 | 97.00 ± 0.00 | 96.00 (n=1) |"),
        t);
    assertTrue(t.contains("Training objective, with retraining"), t);
    assertTrue(t.contains("| magnitude | 0.1000 ± 0.000 | 0.1000 ± 0.000 |"), t);
    // predicted / actual: 1/2 per step and cumulated, magnitude predicts nothing
    assertTrue(t.contains("| obd | 0.500 ± 0.00 | 0.500 ± 0.00 | 0.500 (n=1) |"), t);
    assertTrue(!t.contains("| magnitude | 0.500"), t);
    assertTrue(t.contains("| obd | no | 0.254 ± 0.071 | 96.50 ± 0.71 | 2.5 ± 0.7 |"), t);
    assertThrows(IllegalArgumentException.class,
        () -> StudyTables.read(Files.writeString(tmp.resolve("bad.csv"), "strategy,step\n")));
  }

  @Test
  void theRatioAtALevelSumsTheStepsSinceTheLevelBefore(@TempDir Path tmp) throws IOException {
    // steps of 5%: predicted 1 each; actual 1, 3 (to 10%), then 1, 1 (to 20%)
    double[] actual = {1, 3, 1, 1};
    List<StepRecord> r = new ArrayList<>();
    r.add(record("obd", false, 0, 0.0, Double.NaN, Double.NaN, 0.1, 0.99));
    for (int k = 1; k <= 4; k++) {
      r.add(record("obd", false, k, 0.05 * k, 1.0, actual[k - 1], 0.1 + k, 0.99));
    }
    String t = StudyTables.tables(List.of(write(tmp.resolve("a"), r)), new double[] {0.1, 0.2});
    // from the level before: 2/4 and 2/2 (not the last step's 1/3 at 10%)
    assertTrue(t.contains("from the level before (sums over the steps between; the first level's"
        + " from the start), without retraining:\n\n| strategy | 10% | 20% |\n|---|---|---|\n"
        + "| obd | 0.500 | 1.00 |"), t);
    // cumulative: 2/4 and 4/6
    assertTrue(t.contains("(sums over the steps up to the level), without retraining:\n\n"
        + "| strategy | 10% | 20% |\n|---|---|---|\n| obd | 0.500 | 0.667 |"), t);
  }

  @Test
  void agreementIsSpearmansCorrelationAndTheSharedFirstDeletions() {
    double[] up = new double[20];
    double[] down = new double[20];
    double[] tied = new double[20];
    for (int i = 0; i < 20; i++) {
      up[i] = i;
      down[i] = -i * i;
      tied[i] = i / 2; // pairs of equal scores: average ranks
    }
    assertArrayEquals(new double[] {1.0, 1.0}, StudyTables.agreement(up, up.clone()), 0.0);
    assertArrayEquals(new double[] {-1.0, 0.0}, StudyTables.agreement(up, down), 1e-15);
    double[] g = StudyTables.agreement(up, tied);
    // Spearman of 0..19 against average ranks 0.5, 0.5, 2.5, 2.5, ...: 1 - 6 sum d^2 / (n(n^2-1))
    // with the Pearson form on ranks: sum d^2 = 20 * 0.25, var corrections; computed directly
    double[] rt = new double[20];
    for (int i = 0; i < 20; i++) {
      rt[i] = (i / 2) * 2 + 0.5;
    }
    assertEquals(pearson(up, rt), g[0], 1e-15);
    assertEquals(1.0, g[1], 0.0, "the first 2 of each are parameters 0 and 1");
    double[] withNaN = up.clone();
    withNaN[0] = Double.NaN; // a parameter one of them does not score is left out
    double[] h = StudyTables.agreement(withNaN, up);
    assertEquals(1.0, h[0], 1e-15);
    assertTrue(Double.isNaN(StudyTables.agreement(new double[] {1}, new double[] {2})[0]));
  }

  private static double pearson(double[] x, double[] y) {
    double mx = Arrays.stream(x).average().orElseThrow();
    double my = Arrays.stream(y).average().orElseThrow();
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / Math.sqrt(sxx * syy);
  }

  @Test
  void theTablesCompareFirstRankingsWithMagnitudesWhereSalienciesAreWritten(@TempDir Path tmp)
      throws IOException {
    Path a = write(tmp.resolve("a"), run(0.01, 3));
    Path b = write(tmp.resolve("b"), run(0.02, 3));
    String header = String.join(",", Saliencies.COLUMNS) + "\n";
    // run a: obd ranks as magnitude does; run b: the reverse
    StringBuilder sa = new StringBuilder(header);
    StringBuilder sb = new StringBuilder(header);
    for (int i = 0; i < 10; i++) {
      sa.append("obd,layer0.weight,").append(i).append(',').append(i * 0.5).append('\n');
      sb.append("obd,layer0.weight,").append(i).append(',').append(9 - i).append('\n');
    }
    for (int i = 0; i < 10; i++) {
      sa.append("magnitude,layer0.weight,").append(i).append(',').append(i).append('\n');
      sb.append("magnitude,layer0.weight,").append(i).append(',').append(i).append('\n');
    }
    Files.writeString(a.resolve(Saliencies.FILE), sa);
    Files.writeString(b.resolve(Saliencies.FILE), sb);
    String both = StudyTables.tables(List.of(a, b), StudyTables.LEVELS);
    assertTrue(both.contains("| obd | 0.000 ± 1.414 | 0.500 ± 0.707 |"), both);
    String one = StudyTables.tables(List.of(a), StudyTables.LEVELS);
    assertTrue(one.contains("| obd | 1.000 | 1.000 |"), one);
    Files.delete(a.resolve(Saliencies.FILE));
    Files.delete(b.resolve(Saliencies.FILE));
    assertTrue(!StudyTables.tables(List.of(a, b), StudyTables.LEVELS).contains("First rankings"),
        "no saliencies.csv, no table");
  }
}
