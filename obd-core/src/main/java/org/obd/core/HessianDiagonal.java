package org.obd.core;

import java.util.List;

/**
 * A method computing (or estimating) the diagonal {@code h_kk = ∂²E/∂θ_k²} of the Hessian of the
 * training objective over a data set. Entries of deleted parameters are 0.
 *
 * <p>The built-in methods, by config name (see the README's curvature section):
 *
 * <ul>
 *   <li>{@code exact}: the exact diagonal;
 *   <li>{@code ggn}: the exact diagonal of the generalised Gauss–Newton matrix;
 *   <li>{@code becker-lecun}: the paper's backpropagated diagonal, Levenberg–Marquardt form;
 *   <li>{@code becker-lecun-full}: the same with the {@code f''} term;
 *   <li>{@code hutchinson}: the Rademacher-probe estimate {@code E_z[z ⊙ Hz]};
 *   <li>{@code fisher}: the empirical Fisher diagonal {@code (1/N) Σ_n (∇ℓ_n)²}.
 * </ul>
 */
public interface HessianDiagonal {

  /** The config name. */
  String name();

  /** One line: what the method computes and its cost. */
  String summary();

  /**
   * The diagonal at {@code theta} over {@code data}.
   *
   * @param objective network and loss (its work buffers are reused)
   * @param theta parameters; deleted entries are 0
   * @param mask deleted parameters get 0
   * @param data the samples the objective averages over
   */
  double[] compute(Objective objective, double[] theta, Mask mask, Dataset data);

  /**
   * The built-in method of that name.
   *
   * @throws IllegalArgumentException naming the value and the valid names
   */
  static HessianDiagonal byName(String name, CurvatureOptions options) {
    return Diagonals.byName(name, options);
  }

  /** The built-in method of that name with default options. */
  static HessianDiagonal byName(String name) {
    return byName(name, CurvatureOptions.defaults());
  }

  /** Names of the built-in methods. */
  static List<String> names() {
    return Diagonals.names();
  }
}
