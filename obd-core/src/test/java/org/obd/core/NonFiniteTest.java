package org.obd.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link Curvature} refuses to hand out a NaN or infinite objective, gradient or curvature. */
class NonFiniteTest {

  /** The XOR example (2-3-2, tanh) with weights of 1e300 in both layers. */
  private static Model huge() {
    return ModelJson.parse(
        "{\"layers\": ["
            + "{\"type\": \"dense\", \"in\": 2, \"out\": 3, \"activation\": \"tanh\","
            + " \"weight\": [[1e300, -2.4], [-2.2, 2.6], [0.0, 0.3]], \"bias\": [-1.1, -1.2, 0.05]},"
            + "{\"type\": \"dense\", \"in\": 3, \"out\": 2, \"activation\": \"identity\","
            + " \"weight\": [[1e300, -3.5, 0.1], [3.5, 3.5, -0.2]], \"bias\": [-2.8, 2.8]}]}");
  }

  private static Dataset data() {
    return Dataset.of(
        new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}},
        new double[][] {{1, 0}, {0, 1}, {0, 1}, {1, 0}});
  }

  private static Curvature curvature(Loss loss) {
    Model m = huge();
    return new Curvature(new Objective(m.network(), loss), m, data());
  }

  private static final String DERIVATIVES =
      ": the derivatives overflow the double range; the largest parameter is layer0.weight[0][0]"
          + " = 1.0E300";

  @Test
  void anOverflowingObjectiveIsAnErrorNamingItAndTheLargestParameter() {
    Curvature c = curvature(Loss.MSE);
    NonFiniteException e = assertThrows(NonFiniteException.class, c::value);
    assertEquals(
        "the objective is not finite (Infinity): the network's outputs or the loss overflow the"
            + " double range; the largest parameter is layer0.weight[0][0] = 1.0E300",
        e.getMessage());
    assertEquals(
        "the objective of model m.json on data d.csv is not finite (Infinity): the network's"
            + " outputs or the loss overflow the double range; the largest parameter is"
            + " layer0.weight[0][0] = 1.0E300",
        e.message("of model m.json on data d.csv"));
    assertEquals(-1, e.index());
    assertThrows(NonFiniteException.class, c::gradient, "asked again, the same error");
    assertThrows(NonFiniteException.class, c::meanLoss);
    for (String method : HessianDiagonal.names()) {
      NonFiniteException d = assertThrows(NonFiniteException.class, () -> c.diagonal(method));
      assertEquals(
          "the " + method + " Hessian diagonal is not finite (NaN) at parameter"
              + " layer0.weight[0][0] (index 0)" + DERIVATIVES,
          d.getMessage());
    }
    double[] v = new double[17];
    v[7] = 1;
    assertEquals(
        "a Hessian-vector product is not finite (NaN) at parameter layer0.weight[0][0] (index 0)"
            + DERIVATIVES,
        assertThrows(NonFiniteException.class, () -> c.hessianVector(v)).getMessage());
  }

  @Test
  void overflowingDerivativesOfAFiniteObjectiveAreErrorsToo() {
    // softmax cross-entropy keeps the objective finite (log-sum-exp), not every derivative
    Curvature c = curvature(Loss.SOFTMAX_CROSS_ENTROPY);
    assertEquals(4.501247554401575E299, c.value(), 0.0);
    c.diagonal("exact");
    NonFiniteException e =
        assertThrows(NonFiniteException.class, () -> c.diagonal("becker-lecun"));
    assertEquals(0, e.index());
    assertEquals(
        "the becker-lecun Hessian diagonal is not finite (NaN) at parameter layer0.weight[0][0]"
            + " (index 0)" + DERIVATIVES,
        e.getMessage());
  }

  @Test
  void checkSkipsDeletedEntriesOnlyWhenAsked() {
    Model m = huge().withMask(Mask.of(17, 4));
    double[] s = new double[17];
    s[4] = Double.NaN;
    NonFiniteException.check("scores", s, true, "x", m);
    NonFiniteException e =
        assertThrows(
            NonFiniteException.class, () -> NonFiniteException.check("scores", s, false, "x", m));
    assertEquals(4, e.index());
    assertEquals(
        "scores is not finite (NaN) at parameter layer0.weight[2][0] (index 4): x; the largest"
            + " parameter is layer0.weight[0][0] = 1.0E300",
        e.getMessage());
  }
}
