package org.obd.testkit.optim;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.obd.core.Mask;
import org.obd.train.optim.Adam;
import org.obd.train.optim.Optimizer;
import org.obd.train.optim.OptimizerState;
import org.obd.train.optim.StepObjective;

/** Optimizers that each break one clause of the contract, for the rejection properties. */
final class BrokenOptimizers {

  private BrokenOptimizers() {}

  /**
   * Momentum descent with one state vector {@code v} that honours the contract (the rejection
   * properties check that it passes); the subclasses break one thing each.
   */
  static class Base implements Optimizer {
    double[] v;
    double[] g;

    @Override
    public void initialise(int n) {
      v = new double[n];
      g = new double[n];
    }

    @Override
    public double step(double[] theta, Mask mask, StepObjective objective) {
      double e = objective.valueAndGradient(theta, g);
      update(theta, mask);
      return e;
    }

    /** The update; {@code g} holds the gradient. */
    void update(double[] theta, Mask mask) {
      mask.apply(v);
      for (int k = 0; k < theta.length; k++) {
        v[k] = 0.9 * v[k] - 0.05 * g[k];
        theta[k] += v[k];
      }
      mask.apply(theta);
    }

    @Override
    public void reset() {
      Arrays.fill(v, 0.0);
    }

    @Override
    public OptimizerState state() {
      return new OptimizerState("broken", Map.of("v", v), Map.of());
    }

    @Override
    public void restore(OptimizerState s) {
      s.requireOptimizer("broken");
      s.requireEntries(java.util.List.of("v"), v.length, java.util.List.of());
      s.copyVector("v", v);
    }
  }

  /** Momentum whose velocity (and θ) is not masked: a deleted parameter keeps moving. */
  static final class LeakyMomentum extends Base {
    @Override
    void update(double[] theta, Mask mask) {
      for (int k = 0; k < theta.length; k++) {
        v[k] = 0.9 * v[k] - 0.05 * g[k];
        theta[k] += v[k];
      }
    }
  }

  /** Stores the last direction {@code −g} as it comes: {@code −0.0} at deleted entries. */
  static final class NegatedGradient extends Base {
    @Override
    void update(double[] theta, Mask mask) {
      for (int k = 0; k < theta.length; k++) {
        v[k] = -g[k];
        theta[k] += 0.05 * v[k];
      }
      mask.apply(theta);
    }
  }

  /** Its rate wobbles with draws from a generator all instances share: not deterministic. */
  static final class SharedRandomness extends Base {
    static final SplittableRandom SHARED = new SplittableRandom(7);

    @Override
    void update(double[] theta, Mask mask) {
      double eta = 0.05 * (1 + 1e-3 * SHARED.nextDouble());
      for (int k = 0; k < theta.length; k++) {
        theta[k] -= eta * g[k];
      }
      mask.apply(theta);
    }
  }

  /** Climbs: {@code θ ← θ + η g}. */
  static final class Ascent extends Base {
    @Override
    void update(double[] theta, Mask mask) {
      for (int k = 0; k < theta.length; k++) {
        theta[k] += 0.05 * g[k];
      }
      mask.apply(theta);
    }
  }

  /** Returns {@code E} after its update instead of before. */
  static final class LateValue extends Base {
    @Override
    public double step(double[] theta, Mask mask, StepObjective objective) {
      super.step(theta, mask, objective);
      return objective.valueAndGradient(theta, g);
    }
  }

  /** {@code reset} forgets nothing. */
  static final class NoReset extends Base {
    @Override
    public void reset() {}
  }

  /** {@code restore} takes whatever it is given, silently. */
  static final class Credulous extends Base {
    @Override
    public void restore(OptimizerState s) {
      double[] x = s.vectors().get("v");
      if (x != null) {
        System.arraycopy(x, 0, v, 0, Math.min(x.length, v.length));
      }
    }
  }

  /** {@code adam} whose snapshot omits the step count: a restored copy restarts the correction. */
  static final class ForgetfulAdam implements Optimizer {
    private final Optimizer adam = Adam.DESCRIPTOR.create(Map.of("learning-rate", 0.05));

    @Override
    public void initialise(int n) {
      adam.initialise(n);
    }

    @Override
    public double step(double[] theta, Mask mask, StepObjective objective) {
      return adam.step(theta, mask, objective);
    }

    @Override
    public void reset() {
      adam.reset();
    }

    @Override
    public OptimizerState state() {
      return new OptimizerState("adam", adam.state().vectors(), Map.of());
    }

    @Override
    public void restore(OptimizerState s) {
      Map<String, Double> scalars = new HashMap<>(s.scalars());
      scalars.putIfAbsent("steps", 0.0);
      adam.restore(new OptimizerState(s.optimizer(), s.vectors(), scalars));
    }
  }
}
