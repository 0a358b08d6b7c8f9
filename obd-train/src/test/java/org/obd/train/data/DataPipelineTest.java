package org.obd.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.obd.core.Dataset;
import org.obd.core.Shape;

class DataPipelineTest {

  private static final SplitFractions SPLIT = new SplitFractions(0.7, 0.15, 0.15);

  @Test
  void digitsAreSplitNormalisedAndEncoded() {
    RawData raw = Digits.raw();
    PreparedData p =
        DataPipeline.prepare(raw, SPLIT, 7, Normalisation.STANDARD, TargetEncoding.PLUS_MINUS_ONE);
    assertEquals(1258, p.train().size());
    assertEquals(270, p.validation().size());
    assertEquals(269, p.test().size());
    DataSummary s = p.summary();
    assertEquals("bundled optdigits-1797.csv.gz", s.source());
    assertEquals(new Shape(1, 8, 8), s.inputShape());
    assertEquals(10, s.classes());
    assertEquals(10, s.targetSize());
    assertEquals(7, s.seed());
    assertEquals(SPLIT, s.fractions());
    assertEquals("plus-minus-one", s.targets());
    assertEquals("standard", s.normalisation().method());
    assertEquals(64, s.normalisation().inputs());
    int[] all = raw.classCounts();
    SplitSummary[] splits = {s.train(), s.validation(), s.test()};
    Dataset[] sets = {p.train(), p.validation(), p.test()};
    double[] share = {0.7, 0.15, 0.15};
    for (int k = 0; k < 3; k++) {
      assertEquals(sets[k].size(), splits[k].size());
      assertArrayEquals(classCounts(sets[k]), splits[k].classCounts(), "split " + k);
      for (int c = 0; c < 10; c++) {
        assertTrue(
            Math.abs(splits[k].classCounts()[c] - all[c] * share[k]) <= 1, "split " + k + " " + c);
      }
    }
    for (int c = 0; c < 10; c++) {
      assertEquals(
          all[c],
          s.train().classCounts()[c] + s.validation().classCounts()[c]
              + s.test().classCounts()[c]);
    }
    // ±1 targets: one +1 per row, the rest −1
    double[] t = p.test().targets().data;
    for (int n = 0; n < p.test().size(); n++) {
      double sum = 0;
      for (int c = 0; c < 10; c++) {
        double v = t[n * 10 + c];
        assertTrue(v == 1.0 || v == -1.0);
        sum += v;
      }
      assertEquals(-8.0, sum, 0.0, "row " + n);
    }
    // the training split is standardised; the border pixels, always 0 in training, map to 0
    DMatrixRMaj x = p.train().inputs();
    for (int j = 0; j < 64; j++) {
      double mean = 0;
      for (int n = 0; n < x.numRows; n++) {
        mean += x.get(n, j);
      }
      assertEquals(0.0, mean / x.numRows, 1e-12, "pixel " + j);
    }
    assertEquals(0.0, s.normalisation().scales()[0], 0.0, "pixel 0 is blank in every digit");
  }

  @Test
  void theSummaryIsPlainValuesARunCanRecord() throws Exception {
    DMatrixRMaj x = new DMatrixRMaj(6, 2);
    for (int i = 0; i < 6; i++) {
      x.set(i, 0, i);
    }
    RawData raw = RawData.labelled("d.csv", Shape.flat(2), x, new int[] {0, 1, 0, 1, 0, 1}, 2);
    PreparedData p =
        DataPipeline.prepare(
            raw, new SplitFractions(2 / 3.0, 1 / 3.0, 0), 9, Normalisation.MIN_MAX,
            TargetEncoding.ONE_HOT);
    String json = new ObjectMapper().writeValueAsString(p.summary());
    assertTrue(json.startsWith("{\"source\":\"d.csv\",\"inputShape\":{\"channels\":2,"), json);
    assertTrue(json.contains("\"seed\":9,"), json);
    assertTrue(
        json.contains("\"targets\":\"one-hot\",\"normalisation\":{\"method\":\"min-max\""),
        json);
    assertTrue(json.contains("\"train\":{\"size\":4,\"classCounts\":[2,2]}"), json);
    assertTrue(json.contains("\"test\":{\"size\":0,\"classCounts\":[0,0]}"), json);
  }

  /** Class indices of one-hot or ±1 rows. */
  private static int[] classCounts(Dataset d) {
    int[] counts = new int[d.targetSize()];
    for (int n = 0; n < d.size(); n++) {
      double[] t = d.target(n);
      int best = 0;
      for (int c = 1; c < t.length; c++) {
        if (t[c] > t[best]) {
          best = c;
        }
      }
      counts[best]++;
    }
    return counts;
  }

  @Test
  void theSameSeedGivesTheSameDataBitForBit() {
    RawData raw = Digits.raw();
    Normalisation minMax = Normalisation.MIN_MAX;
    PreparedData a = DataPipeline.prepare(raw, SPLIT, 3, minMax, TargetEncoding.ONE_HOT);
    PreparedData b = DataPipeline.prepare(raw, SPLIT, 3, minMax, TargetEncoding.ONE_HOT);
    PreparedData c = DataPipeline.prepare(raw, SPLIT, 4, minMax, TargetEncoding.ONE_HOT);
    assertTrue(Arrays.equals(a.train().inputs().data, b.train().inputs().data));
    assertTrue(Arrays.equals(a.test().targets().data, b.test().targets().data));
    assertEquals(a.summary(), b.summary());
    assertFalse(Arrays.equals(a.train().inputs().data, c.train().inputs().data));
  }

  /**
   * The split depends only on the sample count, labels, fractions and seed, so the test samples
   * can be shifted before preparing: the fit must not see them.
   */
  @Test
  void validationAndTestStatisticsDoNotLeakIntoTheFit() {
    int n = 2000;
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 4;
    }
    SplitFractions f = new SplitFractions(0.6, 0.2, 0.2);
    Splits.Indices split = Splits.stratified(labels, 4, f, 11);
    boolean[] isTest = new boolean[n];
    for (int i : split.test()) {
      isTest[i] = true;
    }
    SplittableRandom r = new SplittableRandom(5);
    DMatrixRMaj x = new DMatrixRMaj(n, 2);
    for (int i = 0; i < n; i++) {
      x.set(i, 0, r.nextDouble() + (isTest[i] ? 100 : 0));
      x.set(i, 1, isTest[i] ? 1000 : 3);
    }
    RawData raw = RawData.labelled("shifted", Shape.flat(2), x, labels, 4);
    PreparedData p =
        DataPipeline.prepare(raw, f, 11, Normalisation.STANDARD, TargetEncoding.ONE_HOT);
    NormalisationFit fit = p.summary().normalisation();
    assertTrue(fit.offsets()[0] < 1, "the training mean of input 0 is that of U(0,1): " + fit);
    assertEquals(3.0, fit.offsets()[1], 0.0, "input 1 is 3 on every training sample");
    assertEquals(0.0, fit.scales()[1], 0.0);
    double sd = fit.scales()[0];
    assertEquals(1 / Math.sqrt(12), sd, 0.02);
    assertEquals(0.0, columnMean(p.train().inputs(), 0), 1e-12);
    assertEquals(0.0, columnMean(p.validation().inputs(), 0), 0.15, "validation: no shift");
    assertEquals(100 / sd, columnMean(p.test().inputs(), 0), 0.5, "test stays shifted by 100/sd");
    assertEquals(0.0, columnMean(p.test().inputs(), 1), 0.0, "constant on training: 0 everywhere");
    // the fit equals a fit on the training rows alone
    DMatrixRMaj trainRows = new DMatrixRMaj(split.train().length, 2);
    for (int i = 0; i < split.train().length; i++) {
      trainRows.set(i, 0, x.get(split.train()[i], 0));
      trainRows.set(i, 1, x.get(split.train()[i], 1));
    }
    assertEquals(Normalisation.STANDARD.fit(trainRows), fit);
  }

  private static double columnMean(DMatrixRMaj m, int col) {
    double s = 0;
    for (int i = 0; i < m.numRows; i++) {
      s += m.get(i, col);
    }
    return s / m.numRows;
  }

  @Test
  void regressionDataPassTheirValuesAndFractionZeroGivesEmptySplits() {
    DMatrixRMaj x = new DMatrixRMaj(10, 3);
    DMatrixRMaj y = new DMatrixRMaj(10, 2);
    for (int i = 0; i < 10; i++) {
      x.set(i, 0, i);
      y.set(i, 0, 10 * i);
      y.set(i, 1, -i);
    }
    RawData raw = RawData.regression("r.csv", Shape.flat(3), x, y);
    PreparedData p =
        DataPipeline.prepare(
            raw, new SplitFractions(0.8, 0, 0.2), 1, Normalisation.NONE, TargetEncoding.VALUES);
    assertEquals(8, p.train().size());
    assertEquals(0, p.validation().size());
    assertEquals(3, p.validation().inputSize());
    assertEquals(2, p.validation().targetSize());
    assertEquals(2, p.test().size());
    assertEquals(0, p.summary().classes());
    assertEquals(2, p.summary().targetSize());
    assertArrayEquals(new int[0], p.summary().train().classCounts());
    for (Dataset d : new Dataset[] {p.train(), p.test()}) {
      for (int n = 0; n < d.size(); n++) {
        double i = d.input(n)[0];
        assertArrayEquals(
            new double[] {10 * i, -i}, d.target(n), 0.0, "targets travel with inputs");
      }
    }
  }

  @Test
  void aClassEncodingOfRegressionDataNamesBoth() {
    RawData raw =
        RawData.regression(
            "prices.csv", Shape.flat(1), new DMatrixRMaj(4, 1), new DMatrixRMaj(4, 1));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DataPipeline.prepare(raw, SPLIT, 0, Normalisation.NONE, TargetEncoding.ONE_HOT));
    assertTrue(e.getMessage().contains("'one-hot'"), e.getMessage());
    assertTrue(e.getMessage().contains("prices.csv"), e.getMessage());
  }

  @Test
  void anEmptyTrainingSplitIsAnError() {
    RawData raw = RawData.labelled("one.csv", Shape.flat(1), new DMatrixRMaj(1, 1), new int[1], 1);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                DataPipeline.prepare(
                    raw, new SplitFractions(0.3, 0.7, 0), 0, Normalisation.NONE,
                    TargetEncoding.ONE_HOT));
    assertEquals(
        "one.csv: 1 sample with train fraction 0.3 gives an empty training split", e.getMessage());
  }
}
