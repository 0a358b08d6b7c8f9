package org.obd.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Shard sums added in order equal the single-pass {@link Curvature} to rounding, for the
 * objective, the gradient and every built-in Hessian-diagonal method, with an L2 term and a mask.
 */
class CurvatureSumsTest {

  private static void assertClose(double[] expected, double[] actual, String what) {
    double scale = 0;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    for (int k = 0; k < expected.length; k++) {
      assertTrue(Math.abs(expected[k] - actual[k]) <= 1e-12 * Math.max(scale, 1e-300) + 1e-300,
          what + " differs at " + k + ": expected " + expected[k] + " found " + actual[k]);
    }
  }

  @Test
  void shardSumsAddUpToTheWholeForEveryMethod() {
    Random r = new Random(3);
    Network net = ObjectiveTest.convNet();
    Dataset d = ObjectiveTest.data(net, 23, r, true);
    Objective o = new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY, L2.weights(1e-3), 4, false);
    double[] t = ObjectiveTest.params(net, r);
    Mask mask = Mask.of(t.length, 0, 5);
    mask.apply(t);
    Model m = new Model(net, t, mask);
    Curvature whole = new Curvature(o, m, d);
    int[] cuts = {0, 5, 6, 17, 23}; // shards of 5, 1, 11 and 6 samples
    for (String name : HessianDiagonal.names()) {
      HessianDiagonal method =
          HessianDiagonal.builtins().createWithShared(name, Map.of("probes", 3));
      CurvatureSums sum = null;
      for (int i = 0; i + 1 < cuts.length; i++) {
        CurvatureSums s = CurvatureSums.of(o, m, d.range(cuts[i], cuts[i + 1]), method, 7L);
        sum = sum == null ? s : sum.plus(s);
      }
      assertEquals(d.size(), sum.samples());
      assertEquals(whole.value(), sum.objective(o, m), 1e-12 * Math.abs(whole.value()), name);
      assertClose(whole.gradient(), sum.gradient(o, m), name + " gradient");
      assertClose(whole.diagonal(method, 7L), sum.diagonal(o, m), name);
      for (int k : new int[] {0, 5}) { // the mask's deleted entries
        assertEquals(0.0, sum.diagonal(o, m)[k], "deleted entries are 0");
        assertEquals(0.0, sum.gradient(o, m)[k], "deleted entries are 0");
      }
    }
  }

  @Test
  void sumsOfDifferentComputationsDoNotAdd() {
    Random r = new Random(4);
    Network net = Network.builder(Shape.flat(3)).dense(2, Activation.TANH).build();
    Dataset d = ObjectiveTest.data(net, 4, r, false);
    Objective o = new Objective(net, Loss.MSE);
    Model m = new Model(net, ObjectiveTest.params(net, r));
    CurvatureSums plain = CurvatureSums.of(o, m, d, null, 0L);
    CurvatureSums exact = CurvatureSums.of(o, m, d, HessianDiagonal.byName("exact"), 0L);
    assertThrows(IllegalArgumentException.class, () -> plain.plus(exact));
    assertThrows(IllegalStateException.class, () -> plain.diagonal(o, m));
  }
}
