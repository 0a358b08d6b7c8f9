package org.obd.core;

/**
 * The per-sample sums of one shard of a data set — the loss, its gradient and a Hessian diagonal,
 * each a plain sum over the shard's samples without the regulariser ({@link Reduction#SUM}) — from
 * which a data-parallel computation assembles what {@link Curvature} computes on one machine.
 * Sums over disjoint shards {@link #plus add up} to the sums over their union; {@link #objective},
 * {@link #gradient} and {@link #diagonal} then divide by the number of samples and add the {@link
 * L2} term, as {@link Reduction#MEAN} does. Added in a fixed shard order, the result is the same
 * on every run, and equal to the single-machine one up to rounding (the shards' boundaries are
 * not the single pass's chunk boundaries).
 *
 * <pre>{@code
 * CurvatureSums s = CurvatureSums.of(objective, model, shard0, method, seed)
 *     .plus(CurvatureSums.of(objective, model, shard1, method, seed));
 * double e = s.objective(objective, model);
 * double[] h = s.diagonal(objective, model);
 * }</pre>
 *
 * <p>A stochastic method ({@code hutchinson}) draws its probe vectors from the seed alone, not
 * from the samples, so every shard uses the same probes and the sums add up to the whole's
 * estimate.
 *
 * @param samples how many samples were summed
 * @param loss the sum of the per-sample losses
 * @param gradient the sum of the per-sample loss gradients (deleted entries 0)
 * @param diagonal the sum of the per-sample Hessian diagonals by the method, or null without one
 */
public record CurvatureSums(int samples, double loss, double[] gradient, double[] diagonal) {

  /** Checks the sizes. */
  public CurvatureSums {
    if (samples < 0) {
      throw new IllegalArgumentException("samples must be ≥ 0, found " + samples);
    }
    if (diagonal != null && diagonal.length != gradient.length) {
      throw new IllegalArgumentException(
          "the diagonal has " + diagonal.length + " entries but the gradient "
              + gradient.length);
    }
  }

  /**
   * The sums over one shard, from one forward and backward pass ({@link Objective#evaluate} with
   * {@link Reduction#SUM}).
   *
   * @param method the Hessian-diagonal method, or null for the loss and gradient alone
   * @param seed seed of a stochastic method (ignored by the others)
   * @throws IllegalArgumentException for an empty shard or one that does not fit the network
   */
  public static CurvatureSums of(
      Objective objective, Model model, Dataset shard, HessianDiagonal method, long seed) {
    shard.checkFits(model.network());
    int p = model.network().parameterCount();
    double[] g = new double[p];
    double[] d = method == null ? null : new double[p];
    double loss = objective.evaluate(
        model.parameters(), model.mask(), Batch.all(shard), Reduction.SUM, g, method, seed, d);
    return new CurvatureSums(shard.size(), loss, g, d);
  }

  /** These sums and the next shard's, added entry by entry (this one's first). */
  public CurvatureSums plus(CurvatureSums next) {
    if (next.gradient.length != gradient.length || (next.diagonal == null) != (diagonal == null)) {
      throw new IllegalArgumentException("the shards' sums are of different computations");
    }
    double[] g = gradient.clone();
    for (int k = 0; k < g.length; k++) {
      g[k] += next.gradient[k];
    }
    double[] d = null;
    if (diagonal != null) {
      d = diagonal.clone();
      for (int k = 0; k < d.length; k++) {
        d[k] += next.diagonal[k];
      }
    }
    return new CurvatureSums(samples + next.samples, loss + next.loss, g, d);
  }

  /**
   * {@code E}: the mean loss plus the objective's L2 term.
   *
   * @throws NonFiniteException if it is not finite
   */
  public double objective(Objective objective, Model model) {
    checkNotEmpty();
    double e = loss / samples + objective.l2().value(model.parameters(), model.network());
    NonFiniteException.check("the objective", e, NonFiniteException.OUTPUTS_OVERFLOW, model);
    return e;
  }

  /**
   * {@code ∇E} (deleted entries 0).
   *
   * @throws NonFiniteException if an entry is not finite
   */
  public double[] gradient(Objective objective, Model model) {
    checkNotEmpty();
    double[] g = mean(gradient);
    objective.l2().addScaled(model.parameters(), model.network(), g);
    model.mask().apply(g);
    NonFiniteException.check(
        "the gradient", g, false, NonFiniteException.DERIVATIVES_OVERFLOW, model);
    return g;
  }

  /**
   * The Hessian diagonal of {@code E} by the method the sums were computed with (deleted entries
   * 0).
   *
   * @throws IllegalStateException when they were computed without a method
   * @throws NonFiniteException if an entry is not finite
   */
  public double[] diagonal(Objective objective, Model model) {
    if (diagonal == null) {
      throw new IllegalStateException("these sums were computed without a Hessian diagonal");
    }
    checkNotEmpty();
    double[] d = mean(diagonal);
    objective.l2().addDiagonal(model.network(), d);
    model.mask().apply(d);
    NonFiniteException.check(
        "the Hessian diagonal", d, false, NonFiniteException.DERIVATIVES_OVERFLOW, model);
    return d;
  }

  private double[] mean(double[] sum) {
    double[] m = sum.clone();
    double scale = 1.0 / samples;
    for (int k = 0; k < m.length; k++) {
      m[k] *= scale;
    }
    return m;
  }

  private void checkNotEmpty() {
    if (samples == 0) {
      throw new IllegalArgumentException("no samples were summed; the objective needs samples");
    }
  }
}
