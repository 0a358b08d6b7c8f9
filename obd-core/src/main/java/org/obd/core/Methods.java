package org.obd.core;

import java.util.SplittableRandom;

/** The built-in {@link HessianDiagonal} methods (registered by name in {@link Diagonals}). */
final class Methods {

  private Methods() {}

  /** Base: name and summary come from the registry, so they are written once. */
  private abstract static class Named implements HessianDiagonal {
    private final String name;

    Named(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String summary() {
      return Diagonals.summary(name);
    }
  }

  /** {@code exact}: per-sample backpropagation of Hessian factors with the activations' residuals. */
  static final class Exact extends Named {
    Exact() {
      super("exact");
    }

    @Override
    public double[] compute(Objective objective, double[] theta, Mask mask, Dataset data) {
      return SecondOrder.factorDiagonal(objective, theta, mask, data, true);
    }
  }

  /** {@code ggn}: per-sample backpropagation of the loss-Hessian factor only. */
  static final class Ggn extends Named {
    Ggn() {
      super("ggn");
    }

    @Override
    public double[] compute(Objective objective, double[] theta, Mask mask, Dataset data) {
      return SecondOrder.factorDiagonal(objective, theta, mask, data, false);
    }
  }

  /** {@code becker-lecun} and {@code becker-lecun-full}. */
  static final class BeckerLeCun extends Named {
    private final boolean full;

    BeckerLeCun(boolean full) {
      super(full ? "becker-lecun-full" : "becker-lecun");
      this.full = full;
    }

    @Override
    public double[] compute(Objective objective, double[] theta, Mask mask, Dataset data) {
      return SecondOrder.beckerLeCun(objective, theta, mask, data, full);
    }
  }

  /** {@code fisher}: {@code (1/N) Σ_n (∇ℓ_n)²}. */
  static final class Fisher extends Named {
    Fisher() {
      super("fisher");
    }

    @Override
    public double[] compute(Objective objective, double[] theta, Mask mask, Dataset data) {
      return SecondOrder.fisher(objective, theta, mask, data);
    }
  }

  /** {@code hutchinson}: the mean of {@code z ⊙ Hz} over Rademacher probes {@code z}. */
  static final class Hutchinson extends Named {
    private final int probes;
    private final long seed;

    Hutchinson(CurvatureOptions options) {
      super("hutchinson");
      this.probes = options.probes();
      this.seed = options.seed();
    }

    @Override
    public double[] compute(Objective objective, double[] theta, Mask mask, Dataset data) {
      int p = theta.length;
      double[] sum = new double[p];
      double[] z = new double[p];
      double[] hz = new double[p];
      SplittableRandom random = new SplittableRandom(seed);
      for (int i = 0; i < probes; i++) {
        for (int k = 0; k < p; k++) {
          z[k] = random.nextBoolean() ? 1.0 : -1.0;
        }
        mask.apply(z);
        objective.hessianVector(theta, mask, data, z, hz);
        for (int k = 0; k < p; k++) {
          sum[k] += z[k] * hz[k];
        }
      }
      for (int k = 0; k < p; k++) {
        sum[k] /= probes;
      }
      return sum;
    }
  }
}
