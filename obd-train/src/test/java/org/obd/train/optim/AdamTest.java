package org.obd.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.obd.core.Mask;

/** Exact updates of {@code adam}, computed by hand. */
class AdamTest {

  @Test
  void firstStepWithBiasCorrection() {
    Optimizer o = Adam.DESCRIPTOR.create(Map.of("learning-rate", 0.1));
    o.initialise(2);
    double[] theta = {1, 1};
    assertEquals(2.5, o.step(theta, Mask.none(2), SgdTest.bowl()), 1e-15);
    // g = (1, 4); m = 0.1 g = (0.1, 0.4), v = 0.001 g² = (0.001, 0.016)
    // m̂ = m / (1 − 0.9) = (1, 4), v̂ = v / (1 − 0.999) = (1, 16)
    // θ = 1 − 0.1 m̂ / (√v̂ + 1e-8) = (1 − 0.1/(1 + 1e-8), 1 − 0.1/(1 + 2.5e-9))
    //   = (0.900000001 − 1e-17, 0.90000000025 − 6e-19)
    assertArrayEquals(new double[] {0.900000001, 0.90000000025}, theta, 1e-15);
    assertArrayEquals(new double[] {0.1, 0.4}, o.state().vectors().get("first-moment"), 1e-15);
    assertArrayEquals(new double[] {0.001, 0.016}, o.state().vectors().get("second-moment"), 1e-16);
    assertEquals(1.0, o.state().scalar("steps"));
  }

  @Test
  void biasCorrectionMakesEveryStepOfAConstantGradientTheSame() {
    // E = θ₁ − 2θ₂: g = (1, −2) at every θ, so m_t = (1 − 0.9ᵗ) g and v_t = (1 − 0.999ᵗ) g²,
    // m̂ = g, v̂ = g², and each step is −0.1 g / (|g| + 1e-8) = (−0.1/(1 + 1e-8), 0.1/(1 + 5e-9));
    // without the correction the first step would be 0.1 · 0.1/√0.001 ≈ 0.316 per parameter.
    Functions.Function linear =
        new Functions.Function(2) {
          @Override
          double compute(double[] t, double[] g) {
            g[0] = 1;
            g[1] = -2;
            return t[0] - 2 * t[1];
          }
        };
    Optimizer o = Adam.DESCRIPTOR.create(Map.of("learning-rate", 0.1));
    o.initialise(2);
    double[] theta = {0, 0};
    for (int t = 1; t <= 3; t++) {
      o.step(theta, Mask.none(2), linear);
      assertArrayEquals(
          new double[] {-0.1 * t / (1 + 1e-8), 0.1 * t / (1 + 5e-9)}, theta, 1e-14, "step " + t);
    }
  }

  @Test
  void badOptionsAreErrorsNamingTheKey() {
    assertEquals(
        "'adam': option 'beta2' must be a number in [0, 1), found 1.0",
        assertThrows(
                IllegalArgumentException.class, () -> Adam.DESCRIPTOR.options(Map.of("beta2", 1.0)))
            .getMessage());
    assertEquals(
        "'adam': option 'epsilon' must be a positive finite number, found 0.0",
        assertThrows(
                IllegalArgumentException.class,
                () -> Adam.DESCRIPTOR.options(Map.of("epsilon", 0.0)))
            .getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> Adam.DESCRIPTOR.options(Map.of("beta1", -0.1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> Adam.DESCRIPTOR.options(Map.of("learning-rate", Double.NaN)));
  }
}
