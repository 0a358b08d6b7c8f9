package org.obd.core;

import java.util.HashMap;
import java.util.Map;

/**
 * The curvature of one model's objective over one data set, computed on demand and cached: the
 * objective value, the gradient, and Hessian diagonals by method name. Asking twice for the same
 * quantity costs one computation ({@link #computations()} counts them). Returned arrays are
 * copies. Not thread-safe.
 */
public final class Curvature {

  private final Objective objective;
  private final Model model;
  private final Dataset data;
  private final double[] theta;
  private final Map<String, double[]> diagonals = new HashMap<>();
  private double[] gradient;
  private double value = Double.NaN;
  private int computations;

  /**
   * @param objective network and loss; its network must be the model's
   * @param model parameters and mask
   * @param data the samples the objective averages over
   */
  public Curvature(Objective objective, Model model, Dataset data) {
    if (!objective.network().equals(model.network())) {
      throw new IllegalArgumentException(
          "the objective's network " + objective.network() + " is not the model's "
              + model.network());
    }
    data.checkFits(model.network());
    this.objective = objective;
    this.model = model;
    this.data = data;
    this.theta = model.parameters();
  }

  /** The objective (network and loss). */
  public Objective objective() {
    return objective;
  }

  /** The model whose curvature this is. */
  public Model model() {
    return model;
  }

  /** The data set. */
  public Dataset data() {
    return data;
  }

  /** {@code E} at the model. */
  public double value() {
    if (Double.isNaN(value)) {
      gradient();
    }
    return value;
  }

  /** {@code ∇E} at the model (deleted entries 0). */
  public double[] gradient() {
    if (gradient == null) {
      computations++;
      gradient = new double[theta.length];
      value = objective.gradient(theta, model.mask(), data, gradient);
    }
    return gradient.clone();
  }

  /** The Hessian diagonal by the named method with default options. */
  public double[] diagonal(String method) {
    return diagonal(method, CurvatureOptions.defaults());
  }

  /** The Hessian diagonal by the named method (see {@link HessianDiagonal#names()}). */
  public double[] diagonal(String method, CurvatureOptions options) {
    String key = method + "|" + options.probes() + "|" + options.seed();
    double[] d = diagonals.get(key);
    if (d == null) {
      HessianDiagonal m = HessianDiagonal.byName(method, options);
      computations++;
      d = m.compute(objective, theta, model.mask(), data);
      diagonals.put(key, d);
    }
    return d.clone();
  }

  /** The exact Hessian-vector product {@code H v} (not cached). */
  public double[] hessianVector(double[] v) {
    computations++;
    double[] out = new double[theta.length];
    objective.hessianVector(theta, model.mask(), data, v, out);
    return out;
  }

  /** How many computations (gradient, diagonals, products) this cache has run. */
  public int computations() {
    return computations;
  }
}
