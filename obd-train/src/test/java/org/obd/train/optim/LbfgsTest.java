package org.obd.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.obd.core.Mask;

/** {@code lbfgs}: hand-computed iterations, the strong Wolfe conditions, convergence, failures. */
class LbfgsTest {

  private static Lbfgs lbfgs(Map<String, Object> options, int n) {
    Lbfgs o = (Lbfgs) Lbfgs.DESCRIPTOR.create(options);
    o.initialise(n);
    return o;
  }

  /** A one-parameter function with a given value and gradient. */
  private static Functions.Function oneD(java.util.function.ToDoubleFunction<double[]> value,
      java.util.function.ToDoubleFunction<double[]> slope) {
    return new Functions.Function(1) {
      @Override
      double compute(double[] t, double[] g) {
        g[0] = slope.applyAsDouble(t);
        return value.applyAsDouble(t);
      }
    };
  }

  @Test
  void firstTwoIterationsByHand() {
    Lbfgs o = lbfgs(Map.of(), 2);
    Functions.Quadratic f = SgdTest.bowl(); // E = ½(θ₁² + 4θ₂²)
    double[] theta = {1, 1};
    // g = (1, 4), ‖g‖₁ = 5: trial α = 0.2 along −g, θ = (0.8, 0.2); φ'(α) = −17 + 65α = −4 there:
    // sufficient decrease (E = 0.4 ≤ 2.5 − 1e-4 · 0.2 · 17) and |−4| ≤ 0.9 · 17, accepted.
    assertEquals(2.5, o.step(theta, Mask.none(2), f));
    assertArrayEquals(new double[] {0.8, 0.2}, theta, 1e-15);
    assertEquals(2, o.evaluations(), "E at θ, then one trial");
    double[] s = {-0.2, -0.8};
    double[] y = {-0.2, -3.2}; // (0.8, 0.8) − (1, 4)
    assertArrayEquals(s, o.state().vectors().get("s0"), 1e-15);
    assertArrayEquals(y, o.state().vectors().get("y0"), 1e-15);
    // second iteration: d = −H g with H = Vᵀ γ V + ρ s sᵀ, V = I − ρ y sᵀ, ρ = 1/sᵀy = 1/2.6,
    // γ = sᵀy / yᵀy = 2.6 / 10.28; α = 1 is accepted: θ ≈ (0.54307094, −0.03394193)
    double rho = 1 / 2.6;
    double gamma = 2.6 / 10.28;
    double[][] v = new double[2][2];
    double[][] h = new double[2][2];
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        v[i][j] = (i == j ? 1 : 0) - rho * y[i] * s[j];
      }
    }
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        h[i][j] = gamma * (v[0][i] * v[0][j] + v[1][i] * v[1][j]) + rho * s[i] * s[j];
      }
    }
    double[] g = {0.8, 0.8};
    double[] expected = {
      0.8 - (h[0][0] * g[0] + h[0][1] * g[1]), 0.2 - (h[1][0] * g[0] + h[1][1] * g[1])
    };
    assertEquals(0.5 * (0.64 + 4 * 0.04), o.step(theta, Mask.none(2), f), 1e-15);
    assertArrayEquals(expected, theta, 1e-14);
    assertArrayEquals(new double[] {0.54307094, -0.03394193}, theta, 1e-8);
    assertEquals(1, o.evaluations(), "E and g at θ reused from the last step; one trial");
    assertEquals(2.0, o.state().scalar("pairs"));
  }

  @Test
  void aNewObjectiveInstanceIsEvaluatedAfresh() {
    Lbfgs o = lbfgs(Map.of(), 2);
    double[] theta = {1, 1};
    o.step(theta, Mask.none(2), SgdTest.bowl());
    o.step(theta, Mask.none(2), SgdTest.bowl());
    assertEquals(2, o.evaluations());
  }

  @Test
  void strongWolfeConditionsHoldAtEveryAcceptedStep() {
    check(new Functions.Rosenbrock(10), new Functions.Rosenbrock(10).start(), 1e-4, 0.9);
    check(new Functions.Rosenbrock(2), new double[] {-1.2, 1}, 1e-4, 0.9);
    check(new Functions.Logistic(200, 6, 0.1, 3), new double[6], 1e-4, 0.9);
    check(Functions.Quadratic.random(20, 100, 5), new double[20], 1e-4, 0.9);
    check(new Functions.Rosenbrock(10), new Functions.Rosenbrock(10).start(), 0.3, 0.4);
  }

  private static void check(Functions.Function f, double[] start, double c1, double c2) {
    Lbfgs o = lbfgs(Map.of("c1", c1, "c2", c2), f.n);
    double[] theta = start.clone();
    f.recording();
    int accepted = 0;
    for (int it = 0; it < 300 && Functions.norm(f.gradient(theta)) > 1e-9; it++) {
      double[] before = theta.clone();
      int recorded = f.points.size();
      o.step(theta, Mask.none(f.n), f);
      assertTrue(o.evaluations() <= 1 + 2 * 25, "evaluations per step");
      assertEquals(recorded + o.evaluations(), f.points.size());
      if (!o.progressed()) {
        assertArrayEquals(before, theta, 0.0, "no progress leaves θ unchanged");
        break;
      }
      accepted++;
      double[] s = new double[f.n];
      for (int k = 0; k < f.n; k++) {
        s[k] = theta[k] - before[k];
      }
      double f0 = f.value(before);
      double slope0 = Functions.dot(f.gradient(before), s);
      double f1 = f.value(theta);
      double slope1 = Functions.dot(f.gradient(theta), s);
      String where = f.getClass().getSimpleName() + " iteration " + it;
      assertTrue(slope0 < 0, where + ": descent direction, gᵀs = " + slope0);
      assertTrue(
          f1 <= f0 + c1 * slope0 + 1e-13 * Math.abs(f0),
          where + ": sufficient decrease " + f1 + " > " + f0 + " + c1 · " + slope0);
      assertTrue(
          Math.abs(slope1) <= c2 * Math.abs(slope0) * (1 + 1e-9),
          where + ": curvature |" + slope1 + "| > c2 · |" + slope0 + "|");
      boolean evaluated = false;
      for (int r = recorded; r < f.points.size(); r++) {
        evaluated |= Arrays.equals(f.points.get(r), theta);
      }
      assertTrue(evaluated, where + ": the accepted point was evaluated by its line search");
    }
    assertTrue(accepted > 5, f.getClass().getSimpleName() + ": only " + accepted + " steps");
  }

  /**
   * On {@code ½(θ − c)ᵀA(θ − c)}, n = 20, condition number 10, ‖g‖ < 1e-10 within 3n iterations
   * (conjugate-gradient-like: L-BFGS is not guaranteed n + 1 steps, as BFGS with exact line
   * searches is). The centred form matters: in the form {@code ½θᵀAθ − bᵀθ} the rounding of
   * {@code E}, about {@code 1e-16 |E|}, exceeds the decrease a step can make once ‖g‖ is below
   * about 1e-8, and no line search on values can then accept a step.
   */
  @Test
  void convergesSuperlinearlyOnAQuadratic() {
    int n = 20;
    Functions.Quadratic q = Functions.Quadratic.random(n, 10, 11); // 32 iterations (lbfgs4j: 30)
    Functions.Function f = Functions.centred(q.a, q.b);
    Lbfgs o = lbfgs(Map.of(), n);
    double[] theta = new double[n];
    int it = 0;
    StringBuilder trace = new StringBuilder();
    while (Functions.norm(f.gradient(theta)) >= 1e-10 && it < 3 * n) {
      o.step(theta, Mask.none(n), f);
      trace.append(String.format(" %.1e", Functions.norm(f.gradient(theta))));
      assertTrue(o.progressed(), "iteration " + it + ", ‖g‖:" + trace);
      it++;
    }
    double g = Functions.norm(f.gradient(theta));
    assertTrue(g < 1e-10, "‖g‖ = " + g + " after " + it + " iterations (at most 3n = 60):" + trace);
  }

  @Test
  void aFailedQuasiNewtonSearchIsRetriedOnceAlongTheGradient() {
    Lbfgs o = lbfgs(Map.of("max-evaluations", 1), 1);
    double[] theta = {2};
    // E = ½θ²: g = 2, α = min(1, 1/2) along −g gives θ = 1; pair s = −1, y = −1
    o.step(theta, Mask.none(1), oneD(t -> 0.5 * t[0] * t[0], t -> t[0]));
    assertEquals(1.0, theta[0]);
    assertEquals(1.0, o.state().scalar("pairs"));
    // now E = 50θ²: the stored curvature gives d = −100 and α = 1 overshoots to −99, failing the
    // single allowed evaluation; the memory is cleared and −g with α = 1/‖g‖₁ = 0.01 lands on 0
    o.step(theta, Mask.none(1), oneD(t -> 50 * t[0] * t[0], t -> 100 * t[0]));
    assertTrue(o.progressed());
    assertEquals(0.0, theta[0], 1e-15);
    assertEquals(3, o.evaluations(), "E at θ, the quasi-Newton trial, the gradient trial");
    assertEquals(1.0, o.state().scalar("pairs"), "the old pair dropped, the new one stored");
    assertArrayEquals(new double[] {-100}, o.state().vectors().get("y0"), 1e-12);
  }

  @Test
  void whenBothSearchesFailThetaIsUnchangedAndNoProgressIsReported() {
    Lbfgs o = lbfgs(Map.of(), 1);
    double[] theta = {2};
    o.step(theta, Mask.none(1), oneD(t -> 0.5 * t[0] * t[0], t -> t[0]));
    assertTrue(o.progressed());
    // a gradient of the wrong sign: every direction the optimizer believes descends ascends
    Functions.Function liar = oneD(t -> t[0], t -> -1);
    double[] before = theta.clone();
    o.step(theta, Mask.none(1), liar);
    assertFalse(o.progressed());
    assertArrayEquals(before, theta, 0.0);
    assertEquals(1 + 25 + 25, o.evaluations(), "E at θ, then two full line searches");
    assertEquals(0.0, o.state().scalar("pairs"), "memory cleared");
    assertEquals(1.0, o.state().scalar("stalled"));
    // without memory there is one search only
    Lbfgs fresh = lbfgs(Map.of("max-evaluations", 7), 1);
    fresh.step(theta, Mask.none(1), liar);
    assertFalse(fresh.progressed());
    assertEquals(1 + 7, fresh.evaluations());
  }

  @Test
  void aStationaryPointMakesNoProgress() {
    Lbfgs o = lbfgs(Map.of(), 2);
    double[] theta = {0, 0};
    assertEquals(0.0, o.step(theta, Mask.none(2), SgdTest.bowl()));
    assertFalse(o.progressed());
    assertEquals(1, o.evaluations());
    assertArrayEquals(new double[] {0, 0}, theta, 0.0);
  }

  @Test
  void deletingMoreParametersClearsTheMemory() {
    int n = 6;
    Functions.Quadratic f = Functions.Quadratic.random(n, 10, 2);
    Lbfgs o = lbfgs(Map.of(), n);
    double[] theta = new double[n];
    for (int i = 0; i < 3; i++) {
      o.step(theta, Mask.none(n), f);
    }
    assertEquals(3.0, o.state().scalar("pairs"));
    Mask mask = Mask.of(n, 2, 4);
    mask.apply(theta);
    f.mask = mask;
    int before = f.evaluations;
    o.step(theta, mask, f);
    assertTrue(f.evaluations - before >= 2, "E and g evaluated afresh under the new mask");
    OptimizerState st = o.state();
    assertEquals(1.0, st.scalar("pairs"), "memory cleared, then the new pair stored");
    for (Map.Entry<String, double[]> e : st.vectors().entrySet()) {
      for (int k : mask.deletedIndices()) {
        assertEquals(0L, Double.doubleToRawLongBits(e.getValue()[k]), e.getKey() + "[" + k + "]");
      }
    }
    assertEquals(0L, Double.doubleToRawLongBits(theta[2]));
    // the same mask again keeps the memory
    o.step(theta, mask, f);
    assertEquals(2.0, o.state().scalar("pairs"));
  }

  @Test
  void aNonFiniteStartIsAnError() {
    Lbfgs o = lbfgs(Map.of(), 1);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> o.step(new double[] {1}, Mask.none(1), oneD(t -> Double.NaN, t -> 1)));
    assertTrue(e.getMessage().contains("not finite"), e.getMessage());
  }

  @Test
  void cubicMinimumIsExactForAQuadratic() {
    // φ(α) = (α − 2)²: values 4, 1 and slopes −4, −2 at 0, 1
    assertEquals(2.0, Lbfgs.cubicMinimum(0, 4, -4, 1, 1, -2), 1e-15);
    assertEquals(2.0, Lbfgs.cubicMinimum(1, 1, -2, 3, 1, 2), 1e-15);
    // φ(α) = α³ + α is increasing: no minimiser
    assertTrue(Double.isNaN(Lbfgs.cubicMinimum(0, 0, 1, 1, 2, 4)), "no minimiser");
  }

  @Test
  void badOptionsAreErrorsNamingTheKey() {
    assertEquals(
        "'lbfgs': options 'c1' and 'c2' must satisfy 0 < c1 < c2 < 1, found c1 = 0.5, c2 = 0.1",
        assertThrows(
                IllegalArgumentException.class,
                () -> Lbfgs.DESCRIPTOR.options(Map.of("c1", 0.5, "c2", 0.1)))
            .getMessage());
    assertEquals(
        "'lbfgs': option 'memory' must be an integer 1 or greater, found 0",
        assertThrows(
                IllegalArgumentException.class,
                () -> Lbfgs.DESCRIPTOR.options(Map.of("memory", 0)))
            .getMessage());
    assertEquals(
        "'lbfgs': option 'max-evaluations' must be an integer 1 or greater, found -3",
        assertThrows(
                IllegalArgumentException.class,
                () -> Lbfgs.DESCRIPTOR.options(Map.of("max-evaluations", "-3")))
            .getMessage());
    assertEquals(
        "'lbfgs': option 'c2' must be a number in (0, 1), found 1.0",
        assertThrows(
                IllegalArgumentException.class,
                () -> Lbfgs.DESCRIPTOR.options(Map.of("c2", 1)))
            .getMessage());
  }
}
