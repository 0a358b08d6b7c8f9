package org.obd.train.data;

import org.ejml.data.DMatrixRMaj;
import org.obd.core.Dataset;

/**
 * Turns a {@link RawData} into the training, validation and test {@link Dataset}s of a run, in
 * this order:
 *
 * <ol>
 *   <li><b>split</b> the samples by {@link SplitFractions} with a seed. Split sizes are the
 *       largest-remainder rounding of {@code N × fraction} (ties to the earlier split: train,
 *       validation, test; a fraction of 0 gives an empty split). With class labels the split is
 *       stratified: each class gets the floor of {@code n_c × fraction} or one more in each split,
 *       its counts adding up to {@code n_c} and all classes together making up exactly the split
 *       sizes; each class's samples are shuffled and dealt to train, validation and test, then
 *       each split is shuffled. Without labels: one shuffle, then cut. Shuffles are Fisher–Yates
 *       from one {@link java.util.SplittableRandom} seeded with the seed, so the same seed gives
 *       the same splits on every JVM;
 *   <li><b>normalise</b> the inputs by a {@link Normalisation} fitted on the training split only
 *       and applied to all three;
 *   <li><b>encode</b> the targets by a {@link TargetEncoding}.
 * </ol>
 */
public final class DataPipeline {

  private DataPipeline() {}

  /**
   * Splits, normalises and encodes {@code raw}.
   *
   * @param seed seeds the split (and nothing else)
   * @throws IllegalArgumentException if the encoding does not fit the kind of targets (naming the
   *     data and the encoding), or the training split would be empty (naming the sample count and
   *     the fraction)
   */
  public static PreparedData prepare(
      RawData raw,
      SplitFractions fractions,
      long seed,
      Normalisation normalisation,
      TargetEncoding targets) {
    targets.checkFits(raw);
    Splits.Indices split = Splits.split(raw, fractions, seed);
    if (split.train().length == 0) {
      throw new IllegalArgumentException(
          raw.source() + ": " + raw.size() + (raw.size() == 1 ? " sample" : " samples")
              + " with train fraction " + fractions.train()
              + (raw.size() == 1 ? " gives" : " give") + " an empty training split");
    }
    DMatrixRMaj[] inputs = new DMatrixRMaj[Splits.SPLITS];
    for (int s = 0; s < Splits.SPLITS; s++) {
      inputs[s] = rows(raw.inputsView(), split.get(s));
    }
    NormalisationFit fit = normalisation.fit(inputs[0]);
    Dataset[] sets = new Dataset[Splits.SPLITS];
    SplitSummary[] summaries = new SplitSummary[Splits.SPLITS];
    int targetSize = 0;
    for (int s = 0; s < Splits.SPLITS; s++) {
      fit.applyInPlace(inputs[s]);
      DMatrixRMaj t = targets.encode(raw, split.get(s));
      targetSize = t.numCols;
      sets[s] = new Dataset(inputs[s], t);
      inputs[s] = null;
      summaries[s] = new SplitSummary(split.get(s).length, classCounts(raw, split.get(s)));
    }
    DataSummary summary =
        new DataSummary(
            raw.source(), raw.inputShape(), raw.classes(), targetSize, seed, fractions,
            targets.configName(), fit, summaries[0], summaries[1], summaries[2]);
    return new PreparedData(sets[0], sets[1], sets[2], summary);
  }

  /** The rows {@code rows} of {@code m}, in that order. */
  private static DMatrixRMaj rows(DMatrixRMaj m, int[] rows) {
    int d = m.numCols;
    DMatrixRMaj out = new DMatrixRMaj(rows.length, d);
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(m.data, rows[i] * d, out.data, i * d, d);
    }
    return out;
  }

  private static int[] classCounts(RawData raw, int[] rows) {
    int[] counts = new int[raw.classes()];
    if (raw.hasLabels()) {
      int[] labels = raw.labelsView();
      for (int r : rows) {
        counts[labels[r]]++;
      }
    }
    return counts;
  }
}
