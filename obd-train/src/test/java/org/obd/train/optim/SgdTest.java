package org.obd.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.obd.core.Mask;

/** Exact updates of {@code sgd} on {@code E = ½(θ₁² + 4θ₂²)}, computed by hand. */
class SgdTest {

  private static final double EXACT = 1e-15;

  /** {@code ∇E = (θ₁, 4θ₂)}. */
  static Functions.Quadratic bowl() {
    return new Functions.Quadratic(new double[][] {{1, 0}, {0, 4}}, new double[2]);
  }

  private static double[] steps(Map<String, Object> options, int steps, double[] values) {
    Optimizer o = Sgd.DESCRIPTOR.create(options);
    o.initialise(2);
    double[] theta = {1, 1};
    Functions.Quadratic f = bowl();
    for (int t = 0; t < steps; t++) {
      values[t] = o.step(theta, Mask.none(2), f);
    }
    return theta;
  }

  @Test
  void plainStepIsThetaMinusEtaG() {
    double[] e = new double[1];
    // g = (1, 4); θ = (1, 1) − 0.1 (1, 4)
    assertArrayEquals(new double[] {0.9, 0.6}, steps(Map.of("learning-rate", 0.1), 1, e), EXACT);
    assertEquals(2.5, e[0], EXACT);
  }

  @Test
  void twoClassicalMomentumSteps() {
    double[] e = new double[2];
    // v1 = −0.1 (1, 4) = (−0.1, −0.4), θ1 = (0.9, 0.6)
    // g1 = (0.9, 2.4), v2 = 0.5 v1 − 0.1 g1 = (−0.14, −0.44), θ2 = (0.76, 0.16)
    double[] theta = steps(Map.of("learning-rate", 0.1, "momentum", 0.5), 2, e);
    assertArrayEquals(new double[] {0.76, 0.16}, theta, EXACT);
    assertEquals(0.5 * (0.81 + 4 * 0.36), e[1], EXACT);
  }

  @Test
  void twoNesterovSteps() {
    double[] e = new double[2];
    // v1 = (−0.1, −0.4); θ1 = θ0 + 0.5 v1 − 0.1 g0 = (1 − 0.05 − 0.1, 1 − 0.2 − 0.4) = (0.85, 0.4)
    // g1 = (0.85, 1.6); v2 = 0.5 v1 − 0.1 g1 = (−0.135, −0.36)
    // θ2 = θ1 + 0.5 v2 − 0.1 g1 = (0.85 − 0.0675 − 0.085, 0.4 − 0.18 − 0.16) = (0.6975, 0.06)
    // (Sutskever's form: θ'1 = θ'0 + v1 = (0.9, 0.6), θ'2 = θ'1 + v2 = (0.765, 0.24), and
    // θ = θ' + μ v: (0.765 − 0.0675, 0.24 − 0.18) = (0.6975, 0.06).)
    double[] theta =
        steps(Map.of("learning-rate", 0.1, "momentum", 0.5, "nesterov", true), 2, e);
    assertArrayEquals(new double[] {0.6975, 0.06}, theta, EXACT);
    assertEquals(2.5, e[0], EXACT);
    assertEquals(0.5 * (0.85 * 0.85 + 4 * 0.16), e[1], EXACT);
  }

  @Test
  void aDeletedParameterLosesItsVelocityAndStaysZero() {
    Optimizer o = Sgd.DESCRIPTOR.create(Map.of("learning-rate", 0.1, "momentum", 0.5));
    o.initialise(2);
    double[] theta = {1, 1};
    Functions.Quadratic f = bowl();
    o.step(theta, Mask.none(2), f);
    Mask m = Mask.of(2, 1);
    m.apply(theta);
    f.mask = m;
    o.step(theta, m, f);
    // θ1 = (0.9, 0); v2 = (0.5 (−0.1) − 0.1 · 0.9, 0) = (−0.14, 0); θ2 = (0.76, 0)
    assertArrayEquals(new double[] {0.76, 0.0}, theta, EXACT);
    assertEquals(0L, Double.doubleToRawLongBits(theta[1]));
    assertArrayEquals(new double[] {-0.14, 0.0}, o.state().vectors().get("velocity"), EXACT);
    assertEquals(0L, Double.doubleToRawLongBits(o.state().vectors().get("velocity")[1]));
  }

  @Test
  void badOptionsAreErrorsNamingTheKey() {
    assertEquals(
        "'sgd': option 'learning-rate' must be a positive finite number, found -1.0",
        assertThrows(
                IllegalArgumentException.class,
                () -> Sgd.DESCRIPTOR.options(Map.of("learning-rate", -1.0)))
            .getMessage());
    assertEquals(
        "'sgd': option 'momentum' must be a number in [0, 1), found 1.0",
        assertThrows(
                IllegalArgumentException.class,
                () -> Sgd.DESCRIPTOR.options(Map.of("momentum", 1)))
            .getMessage());
    assertEquals(
        "'sgd': option 'nesterov' requires option 'momentum' > 0, found momentum 0.0",
        assertThrows(
                IllegalArgumentException.class,
                () -> Sgd.DESCRIPTOR.options(Map.of("nesterov", "true")))
            .getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> Sgd.DESCRIPTOR.options(Map.of("learning-rate", Double.POSITIVE_INFINITY)));
    assertThrows(
        IllegalArgumentException.class, () -> Sgd.DESCRIPTOR.options(Map.of("learning-rate", 0)));
  }
}
