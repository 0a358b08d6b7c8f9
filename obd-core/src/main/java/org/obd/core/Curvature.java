package org.obd.core;

import java.util.HashMap;
import java.util.Map;

/**
 * The curvature of one model's objective over one data set, computed on demand and cached: the
 * objective value, the gradient, and Hessian diagonals by method. Asking twice for the same
 * quantity costs one computation ({@link #computations()} counts them); a stochastic method's
 * results are cached per seed. Returned arrays are copies. Not thread-safe.
 *
 * <p>Methods are looked up by name in a {@link Registry} of Hessian-diagonal methods: the
 * built-ins ({@link HessianDiagonal#builtins()}) unless the composition root gives another.
 *
 * <p>Every result is checked once, when it is computed (one pass over a vector that took a pass
 * over the data to compute): an objective, gradient, diagonal or product that is NaN or infinite —
 * the network's outputs, the loss or the derivatives overflowed, because the parameters or the
 * data are far too large — is a {@link NonFiniteException} naming what overflowed, never a result.
 */
public final class Curvature {

  private final Objective objective;
  private final Model model;
  private final Dataset data;
  private final double[] theta;
  private final Registry<HessianDiagonal> methods;
  private final Map<Key, double[]> diagonals = new HashMap<>();
  private double[] gradient;
  private double value = Double.NaN;
  private int computations;

  /** A cached diagonal: method name, its options and (for a stochastic method) the seed. */
  private record Key(String method, Record options, long seed) {}

  /**
   * A cache over the built-in Hessian-diagonal methods.
   *
   * @param objective network, loss and regulariser; its network must be the model's
   * @param model parameters and mask
   * @param data the samples the objective averages over
   */
  public Curvature(Objective objective, Model model, Dataset data) {
    this(objective, model, data, HessianDiagonal.builtins());
  }

  /**
   * A cache over the given Hessian-diagonal methods.
   *
   * @param methods the registry methods are looked up in by name
   */
  public Curvature(
      Objective objective, Model model, Dataset data, Registry<HessianDiagonal> methods) {
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
    this.methods = methods;
  }

  /** The objective (network, loss and regulariser). */
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

  /** The Hessian-diagonal methods names are looked up in. */
  public Registry<HessianDiagonal> methods() {
    return methods;
  }

  /**
   * {@code E} at the model (the regulariser included).
   *
   * @throws NonFiniteException if it (or the gradient computed with it) is not finite
   */
  public double value() {
    if (Double.isNaN(value)) {
      gradient();
    }
    return value;
  }

  /** The mean loss over the data at the model, without the regulariser. */
  public double meanLoss() {
    return value() - objective.l2().value(theta, model.network());
  }

  /**
   * {@code ∇E} at the model (deleted entries 0).
   *
   * @throws NonFiniteException if {@code E} or an entry of the gradient is not finite
   */
  public double[] gradient() {
    if (gradient == null) {
      computations++;
      double[] g = new double[theta.length];
      double e = objective.gradient(theta, model.mask(), data, g);
      NonFiniteException.check("the objective", e, NonFiniteException.OUTPUTS_OVERFLOW, model);
      NonFiniteException.check(
          "the gradient", g, false, NonFiniteException.DERIVATIVES_OVERFLOW, model);
      value = e;
      gradient = g;
    }
    return gradient.clone();
  }

  /** The Euclidean norm of {@code ∇E} at the model. */
  public double gradientNorm() {
    double[] g = gradient();
    double s = 0;
    for (double v : g) {
      s += v * v;
    }
    return Math.sqrt(s);
  }

  /**
   * The Hessian diagonal of {@code E} at the model by a method.
   *
   * @param seed seed of a stochastic method (ignored by the others)
   * @throws NonFiniteException if an entry is not finite
   */
  public double[] diagonal(HessianDiagonal method, long seed) {
    Key key = new Key(method.name(), method.options(), method.stochastic() ? seed : 0L);
    double[] d = diagonals.get(key);
    if (d == null) {
      computations++;
      d = method.compute(objective, theta, model.mask(), data, seed);
      NonFiniteException.check(
          "the " + method.name() + " Hessian diagonal", d, false,
          NonFiniteException.DERIVATIVES_OVERFLOW, model);
      diagonals.put(key, d);
    }
    return d.clone();
  }

  /**
   * The Hessian diagonal by the method of that name with the given options block.
   *
   * @throws IllegalArgumentException for an unknown method or options it does not take
   */
  public double[] diagonal(String method, Map<String, ?> options, long seed) {
    return diagonal(methods.create(method, options), seed);
  }

  /** The Hessian diagonal by the method of that name with its default options. */
  public double[] diagonal(String method) {
    return diagonal(method, null, 0L);
  }

  /**
   * The exact Hessian-vector product {@code H v} (not cached).
   *
   * @throws NonFiniteException if an entry is not finite
   */
  public double[] hessianVector(double[] v) {
    computations++;
    double[] out = new double[theta.length];
    objective.hessianVector(theta, model.mask(), data, v, out);
    NonFiniteException.check(
        "a Hessian-vector product", out, false, NonFiniteException.DERIVATIVES_OVERFLOW, model);
    return out;
  }

  /** How many computations (gradient, diagonals, products) this cache has run. */
  public int computations() {
    return computations;
  }
}
