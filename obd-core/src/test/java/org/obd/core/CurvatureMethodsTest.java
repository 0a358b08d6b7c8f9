package org.obd.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Fixed-case checks of each Hessian-diagonal method against the exact diagonal by Hessian-vector
 * products, in the cases where theory says they agree (DESIGN §2). The randomised properties live
 * in obd-testkit's tests.
 */
class CurvatureMethodsTest {

  private static void assertClose(double[] expected, double[] actual, double rel, String what) {
    double scale = 0;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    for (int k = 0; k < expected.length; k++) {
      double tol = 1e-12 + rel * Math.max(scale * 1e-3, Math.abs(expected[k]));
      assertTrue(
          Math.abs(expected[k] - actual[k]) <= tol,
          what + " differs at " + k + ": expected " + expected[k] + " found " + actual[k]);
    }
  }

  private static double[] diag(String m, Objective o, double[] t, Mask mask, Dataset d) {
    return HessianDiagonal.byName(m).compute(o, t, mask, d, 0L);
  }

  /**
   * {@code exact} equals the Hessian-vector products' diagonal on {@code n} random samples (one-hot
   * targets for cross-entropy) and random parameters, {@code first} and 5 deleted, in minibatches
   * of {@code batch}.
   */
  private static void assertExactEqualsProducts(
      Network net, Loss loss, Random r, int n, int batch, int first, String what) {
    Dataset d = ObjectiveTest.data(net, n, r, loss == Loss.SOFTMAX_CROSS_ENTROPY);
    Objective o = new Objective(net, loss, batch, false);
    double[] t = ObjectiveTest.params(net, r);
    Mask mask = Mask.of(t.length, first, 5);
    mask.apply(t);
    assertClose(o.hessianDiagonalByProducts(t, mask, d), diag("exact", o, t, mask, d), 1e-9, what);
  }

  /**
   * {@code ggn} equals the Hessian-vector products' diagonal at the Gauss–Newton targets (where
   * the Hessian is the generalised Gauss–Newton matrix), on {@code n} random samples and random
   * parameters, 3 and 7 deleted, in minibatches of {@code batch}.
   */
  private static void assertGgnEqualsProducts(
      Network net, Loss loss, Random r, int n, int batch, String what) {
    Dataset d = ObjectiveTest.data(net, n, r, loss == Loss.SOFTMAX_CROSS_ENTROPY);
    Objective o = new Objective(net, loss, batch, false);
    double[] t = ObjectiveTest.params(net, r);
    Mask mask = Mask.of(t.length, 3, 7);
    mask.apply(t);
    Dataset gn = new Dataset(d.inputs(), loss.gaussNewtonTargets(o.outputs(t, d), d.targets()));
    assertClose(o.hessianDiagonalByProducts(t, mask, gn), diag("ggn", o, t, mask, d), 1e-9, what);
  }

  /**
   * Where the rows above the lowest convolution outnumber the units there at least twice, the
   * exact pass forms the convolution's squared row gradients from unit rows ({@code
   * FactorDiagonal.squaredViaUnitRows}) instead of carrying every row down: the networks here take
   * that path (checked), under a pooling (sparse unit rows; sparse and dense factor rows) and under
   * a convolution (dense unit rows), with smooth, piecewise-linear and identity activations at the
   * lowest layer, and a mask. The diagonal still equals the Hessian-vector products'.
   */
  @Test
  void exactThroughUnitRowsEqualsProducts() {
    Random r = new Random(31);
    FactorDiagonal exact = (FactorDiagonal) HessianDiagonal.byName("exact");
    for (Activation low : new Activation[] {Activation.TANH, Activation.RELU, Activation.IDENTITY}) {
      Network pooled =
          Network.builder(new Shape(1, 8, 8))
              .conv2d(2, 3, 3, 1, low)                  // 2x6x6
              .avgpool(2, Activation.TANH)              // 2x3x3: 18 units
              .conv2d(3, 2, 2, 1, Activation.SCALED_TANH) // 3x2x2
              .flatten()
              .dense(4, Activation.TANH)
              .dense(3, Activation.IDENTITY)
              .build();
      Network stacked =
          Network.builder(new Shape(1, 6, 6))
              .conv2d(2, 3, 3, 1, low)                  // 2x4x4
              .conv2d(1, 3, 3, 1, Activation.SIGMOID)   // 1x2x2: 4 units
              .flatten()
              .dense(3, Activation.TANH)
              .dense(2, Activation.IDENTITY)
              .build();
      for (Network net : new Network[] {pooled, stacked}) {
        assertTrue(
            FactorDiagonal.viaUnitRows(net, 0, exact.factorsPerSample(net)),
            net + " takes the unit-row path");
        for (Loss loss : Loss.values()) {
          assertExactEqualsProducts(
              net, loss, r, 9, 4, 1, "exact via unit rows, " + low + ", " + loss + ", " + net);
        }
      }
    }
  }

  /**
   * Under a dense identity output with one hidden dense layer the {@code ggn} and {@code exact}
   * passes form no factor rows ({@code FactorDiagonal.pulledBack}, checked): the loss Hessian is
   * pulled back through the output weights. They still equal the Hessian-vector products' ({@code
   * ggn} at the Gauss–Newton targets, where the Hessian is the generalised Gauss–Newton matrix),
   * with every hidden activation, both losses and a mask.
   */
  @Test
  void oneHiddenLayerPassesEqualProducts() {
    Random r = new Random(41);
    for (Activation a : Activation.values()) {
      Network net =
          Network.builder(Shape.flat(4)).dense(5, a).dense(3, Activation.IDENTITY).build();
      assertTrue(FactorDiagonal.pullsBack(net), net + " pulls back");
      for (Loss loss : Loss.values()) {
        assertExactEqualsProducts(net, loss, r, 11, 4, 2, "exact pulled back, " + a + ", " + loss);
        assertGgnEqualsProducts(net, loss, r, 11, 4, "ggn pulled back, " + a + ", " + loss);
      }
    }
  }

  /**
   * Where the rows reach a dense lowest layer through a dense layer, they are carried there a few
   * samples at a time and only their squares kept ({@code FactorDiagonal.squaresThroughDense}),
   * with {@code f'²} applied once per unit; cross-entropy starts from {@code C − 1} rows per
   * sample. With every activation at the lowest layer, both losses, a mask and enough samples for
   * several blocks (also of residual rows for {@code exact}), {@code exact} equals the
   * Hessian-vector products' diagonal and {@code ggn} theirs at the Gauss–Newton targets.
   */
  @Test
  void rowsIntoADenseLowestLayerEqualProducts() {
    Random r = new Random(53);
    for (Activation a : Activation.values()) {
      Network net =
          Network.builder(Shape.flat(5)).dense(6, a).dense(7, Activation.TANH)
              .dense(4, Activation.IDENTITY).build();
      assertTrue(!FactorDiagonal.pullsBack(net), net + " carries rows");
      int n = 4 * FactorDiagonal.SQUARE_BLOCK_ROWS / 3 + 5;
      for (Loss loss : Loss.values()) {
        assertExactEqualsProducts(net, loss, r, n, n, 2, "exact through dense, " + a + ", " + loss);
        assertGgnEqualsProducts(net, loss, r, n, n, "ggn through dense, " + a + ", " + loss);
      }
    }
  }

  /**
   * The pulled-back passes keep tables made from the output weights for a pass: an objective used
   * again with other parameters gives what a new objective gives, bit for bit, for both losses and
   * on two threads (a data set of 1,024 samples or more runs on both cores).
   */
  @Test
  void pulledBackTablesFollowTheParameters() {
    Random r = new Random(47);
    Network net = Network.builder(Shape.flat(3)).dense(4, Activation.TANH)
        .dense(3, Activation.IDENTITY).build();
    for (Loss loss : Loss.values()) {
      Dataset d = ObjectiveTest.data(net, 1100, r, loss == Loss.SOFTMAX_CROSS_ENTROPY);
      Objective used = new Objective(net, loss, 64, true);
      Mask mask = Mask.none(net.parameterCount());
      for (String method : new String[] {"ggn", "exact"}) {
        diag(method, used, ObjectiveTest.params(net, r), mask, d);
        double[] t = ObjectiveTest.params(net, r);
        double[] fresh = diag(method, new Objective(net, loss, 64, true), t, mask, d);
        double[] again = diag(method, used, t, mask, d);
        assertTrue(java.util.Arrays.equals(fresh, again), method + ", " + loss);
      }
    }
  }

  /**
   * On confident samples (every sample's best logit at least 25 above the others: {@code 1 − p}
   * below 1e-10) the pulled-back {@code ggn} keeps its digits, against a reference that never
   * subtracts nearly equal numbers, {@code (u_c W)_j = √p_c Σ_i p_i (W_cj − W_ij)}. The variance
   * of the output weights under {@code p} taken directly, {@code Σ p W² − (Σ p W)²}, loses about
   * {@code log10(1/(1 − p))} digits here and fails.
   */
  @Test
  void pulledBackGgnKeepsTheDigitsOfConfidentSamples() {
    Random r = new Random(44);
    int in = 3;
    int hidden = 4;
    int c = 3;
    Network net =
        Network.builder(Shape.flat(in)).dense(hidden, Activation.TANH)
            .dense(c, Activation.IDENTITY).build();
    double[] t = ObjectiveTest.params(net, r);
    int w1 = net.weightOffset(0);
    int b1 = net.biasOffset(0);
    int w2 = net.weightOffset(1);
    int b2 = net.biasOffset(1);
    for (int k = 0; k < c; k++) {
      t[w2 + k * hidden + k] += 80; // class k follows hidden unit k
    }
    int n = 30;
    double[][] x = new double[n][in];
    double[][] y = new double[n][c];
    double[][] h = new double[n][hidden];
    double[][] p = new double[n][c];
    int[] best = new int[c];
    for (int s = 0; s < n; ) {
      for (int i = 0; i < in; i++) {
        x[s][i] = 3 * r.nextGaussian();
      }
      double[] o = new double[c];
      for (int j = 0; j < hidden; j++) {
        double a = t[b1 + j];
        for (int i = 0; i < in; i++) {
          a += t[w1 + j * in + i] * x[s][i];
        }
        h[s][j] = Math.tanh(a);
      }
      int top = 0;
      for (int k = 0; k < c; k++) {
        o[k] = t[b2 + k];
        for (int j = 0; j < hidden; j++) {
          o[k] += t[w2 + k * hidden + j] * h[s][j];
        }
        top = o[k] > o[top] ? k : top;
      }
      double gap = Double.POSITIVE_INFINITY;
      double sum = 0;
      for (int k = 0; k < c; k++) {
        gap = k == top ? gap : Math.min(gap, o[top] - o[k]);
        p[s][k] = Math.exp(o[k] - o[top]);
        sum += p[s][k];
      }
      if (gap < 25) {
        continue; // not confident: draw again
      }
      for (int k = 0; k < c; k++) {
        p[s][k] /= sum;
      }
      y[s][r.nextInt(c)] = 1.0;
      best[top]++;
      s++;
    }
    assertTrue(
        best[0] > 0 && best[1] > 0 && best[2] > 0,
        "every class is some sample's best: " + java.util.Arrays.toString(best));
    double[] expected = new double[t.length];
    for (int s = 0; s < n; s++) {
      for (int j = 0; j < hidden; j++) {
        double q = 0;
        for (int k = 0; k < c; k++) {
          double row = 0;
          for (int i = 0; i < c; i++) {
            row += p[s][i] * (t[w2 + k * hidden + j] - t[w2 + i * hidden + j]);
          }
          q += p[s][k] * row * row;
        }
        double f = 1 - h[s][j] * h[s][j];
        q *= f * f / n;
        expected[b1 + j] += q;
        for (int i = 0; i < in; i++) {
          expected[w1 + j * in + i] += q * x[s][i] * x[s][i];
        }
      }
    }
    Objective o = new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY, 8, false);
    double[] ggn = diag("ggn", o, t, Mask.none(t.length), Dataset.of(x, y));
    for (int k = w1; k < b1 + hidden; k++) {
      assertTrue(expected[k] > 0, "reference at " + k);
      assertTrue(
          Math.abs(ggn[k] - expected[k]) <= 1e-10 * expected[k],
          "ggn at " + k + ": expected " + expected[k] + " found " + ggn[k]);
    }
  }

  @Test
  void exactFactorPassEqualsProductsOnConvAndDenseNets() {
    Random r = new Random(11);
    Network[] nets = ObjectiveTest.mixedNets();
    for (Network net : nets) {
      for (Loss loss : Loss.values()) {
        assertExactEqualsProducts(net, loss, r, 7, 3, 0, "exact " + loss + " " + net);
      }
    }
  }

  @Test
  void beckerLeCunMatchesExactAndGgnWithOneHiddenLayerAndMse() {
    Random r = new Random(5);
    for (Activation a : Activation.values()) {
      Network net = Network.builder(Shape.flat(3)).dense(4, a).dense(2, Activation.TANH).build();
      Dataset d = ObjectiveTest.data(net, 9, r, false);
      Objective o = new Objective(net, Loss.MSE, 4, false);
      double[] t = ObjectiveTest.params(net, r);
      Mask mask = Mask.none(t.length);
      double[] exact = o.hessianDiagonalByProducts(t, mask, d);
      assertClose(exact, diag("becker-lecun-full", o, t, mask, d), 1e-9, "bl-full " + a);
      assertClose(diag("ggn", o, t, mask, d), diag("becker-lecun", o, t, mask, d), 1e-9, "bl " + a);
    }
  }

  @Test
  void ggnEqualsExactForPiecewiseLinearNetsWithMse() {
    Random r = new Random(9);
    Network net =
        Network.builder(new Shape(1, 5, 5))
            .conv2d(2, 2, 2, 1, Activation.RELU)
            .flatten()
            .dense(4, Activation.RELU)
            .dense(3, Activation.IDENTITY)
            .build();
    Dataset d = ObjectiveTest.data(net, 6, r, false);
    Objective o = new Objective(net, Loss.MSE, 4, false);
    double[] t = ObjectiveTest.params(net, r);
    Mask mask = Mask.none(t.length);
    assertClose(o.hessianDiagonalByProducts(t, mask, d), diag("ggn", o, t, mask, d), 1e-9, "ggn");
  }

  @Test
  void fisherIsTheMeanSquaredPerSampleGradient() {
    Random r = new Random(4);
    Network net = ObjectiveTest.convNet();
    Dataset d = ObjectiveTest.data(net, 5, r, true);
    Objective o = new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY, 2, false);
    double[] t = ObjectiveTest.params(net, r);
    Mask mask = Mask.none(t.length);
    double[] expected = new double[t.length];
    double[] g = new double[t.length];
    for (int n = 0; n < d.size(); n++) {
      o.gradient(t, mask, d.range(n, n + 1), g);
      for (int k = 0; k < t.length; k++) {
        expected[k] += g[k] * g[k] / d.size();
      }
    }
    assertClose(expected, diag("fisher", o, t, mask, d), 1e-9, "fisher");
  }

  @Test
  void hutchinsonApproachesExact() {
    Random r = new Random(2);
    Network net = Network.builder(Shape.flat(3)).dense(3, Activation.TANH).dense(2, Activation.IDENTITY).build();
    Dataset d = ObjectiveTest.data(net, 8, r, true);
    Objective o = new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY, 8, false);
    double[] t = ObjectiveTest.params(net, r);
    Mask mask = Mask.none(t.length);
    double[] exact = o.hessianDiagonalByProducts(t, mask, d);
    double[] est =
        HessianDiagonal.builtins()
            .create("hutchinson", java.util.Map.of("probes", 4000))
            .compute(o, t, mask, d, 1L);
    double err = 0;
    double norm = 0;
    for (int k = 0; k < t.length; k++) {
      err = Math.max(err, Math.abs(est[k] - exact[k]));
      norm = Math.max(norm, Math.abs(exact[k]));
    }
    assertTrue(err < 0.1 * norm, "hutchinson error " + err + " vs scale " + norm);
  }

  /**
   * Soft cross-entropy targets (probability vectors, and vectors whose sum is not 1) and a first
   * layer without parameters: every method that is exact (exact, and ggn/becker-lecun where theory
   * says so) still equals the products, and the loss's gradient scale {@code Σy} is honoured.
   */
  @Test
  void softTargetsAndParameterFreeFirstLayers() {
    Random r = new Random(21);
    Network net =
        Network.builder(new Shape(2, 6, 6))
            .avgpool(2, Activation.TANH)
            .conv2d(3, 2, 2, 1, Activation.SIGMOID)
            .flatten()
            .dense(3, Activation.IDENTITY)
            .build();
    int n = 6;
    double[][] x = new double[n][net.inputShape().size()];
    double[][] y = new double[n][3];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < x[i].length; j++) {
        x[i][j] = r.nextGaussian();
      }
      double sum = 0;
      for (int j = 0; j < 3; j++) {
        y[i][j] = r.nextDouble();
        sum += y[i][j];
      }
      double scale = i % 2 == 0 ? 1.0 / sum : 0.7; // probabilities, or a sum other than 1
      for (int j = 0; j < 3; j++) {
        y[i][j] *= scale;
      }
    }
    Dataset d = Dataset.of(x, y);
    Objective o = new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY, 4, false);
    double[] t = ObjectiveTest.params(net, r);
    Mask mask = Mask.of(t.length, 1);
    mask.apply(t);
    double[] g = new double[t.length];
    o.gradient(t, mask, d, g);
    for (int k = 0; k < t.length; k++) {
      if (mask.isDeleted(k)) {
        continue;
      }
      double h = 1e-5;
      double[] tp = t.clone();
      tp[k] += h;
      double[] tm = t.clone();
      tm[k] -= h;
      double fd = (o.value(tp, d) - o.value(tm, d)) / (2 * h);
      assertTrue(Math.abs(fd - g[k]) <= 1e-8 + 1e-6 * Math.abs(fd), "gradient " + k);
    }
    double[] byProducts = o.hessianDiagonalByProducts(t, mask, d);
    assertClose(byProducts, diag("exact", o, t, mask, d), 1e-9, "exact, soft targets");
    // the output layer sees only the loss Hessian's diagonal: all methods agree there
    int out = net.weightOffset(3);
    double[] ggn = diag("ggn", o, t, mask, d);
    double[] bl = diag("becker-lecun", o, t, mask, d);
    for (int k = out; k < t.length; k++) {
      assertTrue(
          Math.abs(byProducts[k] - ggn[k]) <= 1e-12 + 1e-9 * Math.abs(byProducts[k])
              && Math.abs(byProducts[k] - bl[k]) <= 1e-12 + 1e-9 * Math.abs(byProducts[k]),
          "output layer entry " + k);
    }
  }
}
