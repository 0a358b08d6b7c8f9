package org.obd.testkit;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.obd.core.Activation;
import org.obd.core.Loss;
import org.obd.core.Model;
import org.obd.core.Network;
import org.obd.core.Objective;
import org.obd.core.Shape;

/**
 * Where theory says the backpropagated diagonals differ from what they approximate, they do, and
 * by this much. {@code becker-lecun} drops the off-diagonal entries of the Hessian with respect to
 * the units; those are zero at the output of an {@code mse} network (so with at most one hidden
 * layer it is exact, see {@link CurvatureAgreementProperties}) but not one layer further down, nor
 * at the output of {@code softmax-cross-entropy} ({@code diag p − p pᵀ} is full).
 *
 * <p>So in the fixed seeded cases below the parameters split in two, and the test checks both
 * halves:
 *
 * <ul>
 *   <li>in the <b>top</b> layers, whose units see only the (diagonal, for mse) output Hessian or
 *       only its diagonal entry (a unit's weights enter only its own output), {@code becker-lecun}
 *       = {@code ggn} and {@code becker-lecun-full} = {@code exact} up to rounding ({@link
 *       CurvatureChecks#requireSameUpToRounding}): with {@code mse} the last two layers, with
 *       {@code softmax-cross-entropy} the output layer;
 *   <li>in the layer below, they <b>differ</b>: the median over that layer's entries of the
 *       relative difference {@code |a − e| / max(|a|, |e|)} must exceed {@value #MIN_MEDIAN}.
 * </ul>
 *
 * <p>Observed relative differences over the entries of the first layer (each case: 5 seeds × 32
 * samples, parameters and data drawn as by {@link ObdArbitraries}; entries that are 0 in both,
 * dead relu units, skipped). A difference above 100% means opposite signs: {@code exact} is
 * negative where {@code becker-lecun-full} is positive, or the reverse. With relu, {@code exact} =
 * {@code ggn} and {@code becker-lecun-full} = {@code becker-lecun} ({@code f'' = 0}).
 *
 * <pre>
 * case (layers 4-5-4-3 for mse, 4-6-3 for softmax)   becker-lecun vs ggn   -full vs exact   entries
 *                                                    median      max       median    max
 * mse, tanh / tanh / identity                        28.1%       87%       29.9%     199%     125
 * mse, sigmoid / scaled-tanh / tanh                  32.9%       86%       34.6%     193%     125
 * mse, relu / relu / identity                        17.3%       82%       17.3%      82%     120
 * softmax-cross-entropy, tanh / identity             27.2%       96%       27.7%     188%     150
 * softmax-cross-entropy, sigmoid / identity          36.6%       98%       30.6%     189%     150
 * softmax-cross-entropy, relu / identity             23.8%       98%       23.8%      98%     145
 * </pre>
 *
 * <p>The threshold {@value #MIN_MEDIAN} lies well below every observed median (the smallest is
 * 17%), and far above rounding ({@code 1e-10}).
 */
class CurvatureDisagreementTest {

  /** Least median relative difference, over the lower layer's entries, that counts as "differ". */
  static final double MIN_MEDIAN = 0.05;

  private static final int SAMPLES = 32;
  private static final int SEEDS = 5;

  /** An mse network with two hidden layers. */
  private static Network twoHidden(Activation first, Activation second, Activation out) {
    return Network.builder(Shape.flat(4)).dense(5, first).dense(4, second).dense(3, out).build();
  }

  /** A network with one hidden layer and 3 outputs (logits for softmax-cross-entropy). */
  private static Network oneHidden(Activation hidden) {
    return Network.builder(Shape.flat(4)).dense(6, hidden).dense(3, Activation.IDENTITY).build();
  }

  @Test
  void mseWithTwoHiddenLayersDiffersInTheFirstLayer() {
    requireDiffers(
        twoHidden(Activation.TANH, Activation.TANH, Activation.IDENTITY), Loss.MSE, 2, 101);
    requireDiffers(
        twoHidden(Activation.SIGMOID, Activation.SCALED_TANH, Activation.TANH), Loss.MSE, 2, 102);
    requireDiffers(
        twoHidden(Activation.RELU, Activation.RELU, Activation.IDENTITY), Loss.MSE, 2, 103);
  }

  @Test
  void softmaxWithOneHiddenLayerDiffersInTheHiddenLayer() {
    requireDiffers(oneHidden(Activation.TANH), Loss.SOFTMAX_CROSS_ENTROPY, 1, 201);
    requireDiffers(oneHidden(Activation.SIGMOID), Loss.SOFTMAX_CROSS_ENTROPY, 1, 202);
    requireDiffers(oneHidden(Activation.RELU), Loss.SOFTMAX_CROSS_ENTROPY, 1, 203);
  }

  /**
   * On {@value #SEEDS} seeded problems of {@code net}: agreement in layers {@code 1..}, a median
   * relative difference above {@value #MIN_MEDIAN} over the entries of layer 0.
   *
   * @param exactTopLayers how many layers at the top agree (the rest below is layer 0)
   */
  private static void requireDiffers(Network net, Loss loss, int exactTopLayers, long seed) {
    int split = net.weightOffset(net.layers().size() - exactTopLayers);
    List<String> names = net.parameterNames();
    Random random = new Random(seed);
    double[][] lower = {new double[0], new double[0]};
    String[][] pairs = {{"becker-lecun", "ggn"}, {"becker-lecun-full", "exact"}};
    for (int s = 0; s < SEEDS; s++) {
      Model model = new Model(net, ObdArbitraries.parameters(net, random));
      Problem p = new Problem(net, loss, model, ObdArbitraries.dataset(net, loss, SAMPLES, random));
      Objective o = p.objective();
      for (int i = 0; i < pairs.length; i++) {
        double[] approx = CurvatureChecks.method(pairs[i][0], o, p);
        double[] truth = CurvatureChecks.method(pairs[i][1], o, p);
        String what = pairs[i][0] + " against " + pairs[i][1] + " in the top " + exactTopLayers
            + " layers of " + net + " with " + loss.configName();
        CurvatureChecks.requireSameUpToRounding(
            what,
            Arrays.copyOfRange(truth, split, truth.length),
            Arrays.copyOfRange(approx, split, approx.length),
            names.subList(split, names.size()));
        lower[i] = concat(lower[i], relativeDifferences(truth, approx, split));
      }
    }
    for (int i = 0; i < pairs.length; i++) {
      double[] r = lower[i];
      Arrays.sort(r);
      double median = r[r.length / 2];
      if (!(median > MIN_MEDIAN)) {
        throw new AssertionError(
            pairs[i][0] + " against " + pairs[i][1] + " below the top " + exactTopLayers
                + " layers of " + net + " with " + loss.configName()
                + ": median relative difference " + median + " is not above " + MIN_MEDIAN
                + "; theory says they differ there");
      }
    }
  }

  /** {@code |a_k − e_k| / max(|a_k|, |e_k|)} for {@code k < end}, skipping entries both 0. */
  private static double[] relativeDifferences(double[] expected, double[] actual, int end) {
    double[] r = new double[end];
    int n = 0;
    for (int k = 0; k < end; k++) {
      double scale = Math.max(Math.abs(expected[k]), Math.abs(actual[k]));
      if (scale > 0) {
        r[n++] = Math.abs(actual[k] - expected[k]) / scale;
      }
    }
    return Arrays.copyOf(r, n);
  }

  private static double[] concat(double[] a, double[] b) {
    double[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
