package org.obd.train.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.lbfgs4j.liblbfgs.Lbfgs;
import com.github.lbfgs4j.liblbfgs.LbfgsConstant;
import com.github.lbfgs4j.liblbfgs.MutableDouble;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.obd.core.Mask;

/**
 * {@code lbfgs} against lbfgs4j 0.2.1 (a port of liblbfgs: Moré–Thuente line search, memory set
 * to 10 like ours): both reach the same minimiser to 1e-6. Iteration and evaluation counts are in
 * the assertion messages (and printed to the test's output file).
 */
class LbfgsCrossCheckTest {

  record Run(double[] theta, int iterations, int evaluations) {
    @Override
    public String toString() {
      return iterations + " iterations, " + evaluations + " evaluations";
    }
  }

  static Run ours(Functions.Function f, double[] start) {
    org.obd.train.optim.Lbfgs o = new org.obd.train.optim.Lbfgs(
        org.obd.train.optim.Lbfgs.DESCRIPTOR.defaults());
    o.initialise(f.n);
    double[] theta = start.clone();
    int it = 0;
    int evaluations = 0;
    while (it < 5000 && Functions.norm(f.gradient(theta)) > 1e-10) {
      o.step(theta, Mask.none(f.n), f);
      evaluations += o.evaluations();
      if (!o.progressed()) {
        break;
      }
      it++;
    }
    return new Run(theta, it, evaluations);
  }

  static Run reference(Functions.Function f, double[] start) {
    LbfgsConstant.LBFGS_Param param = Lbfgs.defaultParams();
    param.m = 10;
    param.epsilon = 1e-10;
    param.max_iterations = 5000;
    double[] x = start.clone();
    int[] counts = new int[2];
    LbfgsConstant.LBFGS_Evaluate evaluate =
        (instance, at, g, n, step) -> {
          counts[1]++;
          return f.compute(at, g);
        };
    LbfgsConstant.LBFGS_Progress progress =
        (instance, at, g, fx, xnorm, gnorm, step, n, k, ls) -> {
          counts[0] = k;
          return LbfgsConstant.ReturnValue.LBFGS_SUCCESS;
        };
    Lbfgs.lbfgs(f.n, x, new MutableDouble(), evaluate, progress, null, param);
    return new Run(x, counts[0], counts[1]);
  }

  private static void compare(String what, Functions.Function f, double[] start, double[] min) {
    Run a = ours(f, start);
    Run b = reference(f, start);
    String msg = what + ": lbfgs " + a + ", lbfgs4j " + b;
    System.out.println(msg);
    double[] expected = min == null ? b.theta() : min;
    for (int k = 0; k < f.n; k++) {
      assertTrue(
          Math.abs(a.theta()[k] - expected[k]) <= 1e-6,
          msg + ": ours θ[" + k + "] = " + a.theta()[k] + ", expected " + expected[k]);
      assertTrue(
          Math.abs(b.theta()[k] - expected[k]) <= 1e-6,
          msg + ": lbfgs4j θ[" + k + "] = " + b.theta()[k] + ", expected " + expected[k]);
    }
    assertTrue(Functions.norm(f.gradient(a.theta())) <= 1e-8, msg + ": ours ‖g‖");
  }

  private static double[] ones(int n) {
    double[] v = new double[n];
    Arrays.fill(v, 1.0);
    return v;
  }

  @Test
  void rosenbrockIn2Dimensions() {
    compare("rosenbrock-2", new Functions.Rosenbrock(2), new double[] {-1.2, 1}, ones(2));
  }

  @Test
  void rosenbrockIn10Dimensions() {
    Functions.Rosenbrock f = new Functions.Rosenbrock(10);
    compare("rosenbrock-10", f, f.start(), ones(10));
  }

  @Test
  void l2RegularisedLogisticRegression() {
    Functions.Logistic f = new Functions.Logistic(500, 8, 0.01, 42);
    compare("logistic-500x8", f, new double[8], null);
  }

  @Test
  void defaultsAreTheDeclaredOnes() {
    assertTrue(
        org.obd.train.optim.Lbfgs.DESCRIPTOR
            .defaults()
            .equals(org.obd.train.optim.Lbfgs.DESCRIPTOR.options(Map.of())));
  }
}
