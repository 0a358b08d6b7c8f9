package org.obd.core;

import java.util.List;

/**
 * A method computing (or estimating) the diagonal {@code h_kk = ∂²E/∂θ_k²} of the Hessian of the
 * training objective. Entries of deleted parameters are 0. Declared, like saliency strategies and
 * optimizers, by a {@link Descriptor}; the built-ins are {@link #BUILTINS}:
 *
 * <ul>
 *   <li>{@code exact}: the exact diagonal;
 *   <li>{@code ggn}: the exact diagonal of the generalised Gauss–Newton matrix;
 *   <li>{@code becker-lecun}: the paper's backpropagated diagonal, Levenberg–Marquardt form;
 *   <li>{@code becker-lecun-full}: the same with the {@code f''} term;
 *   <li>{@code hutchinson}: the Rademacher-probe estimate {@code E_z[z ⊙ Hz]};
 *   <li>{@code fisher}: the empirical Fisher diagonal {@code (1/N) Σ_n (∇ℓ_n)²}.
 * </ul>
 *
 * <p>All but {@code hutchinson} are backward passes built from the layers' products, and can be
 * accumulated in the same forward and backward pass as the objective and its gradient
 * ({@link Objective#evaluate}). A method needs no options record unless it has options
 * ({@code hutchinson}: {@code probes}).
 */
public interface HessianDiagonal {

  /** The built-in methods, in the order listings show them: the one place they are registered. */
  List<Descriptor<?, HessianDiagonal>> BUILTINS =
      List.of(
          FactorDiagonal.EXACT,
          FactorDiagonal.GGN,
          BeckerLeCunDiagonal.DESCRIPTOR,
          BeckerLeCunDiagonal.FULL,
          HutchinsonDiagonal.DESCRIPTOR,
          FisherDiagonal.DESCRIPTOR);

  /** The registry of the built-in methods (kind {@code Hessian-diagonal method}). */
  static Registry<HessianDiagonal> builtins() {
    return Builtins.REGISTRY;
  }

  /** The config name. */
  String name();

  /** The options the method was built with ({@link NoOptions#INSTANCE} when it has none). */
  Record options();

  /** Whether the result depends on the seed ({@code hutchinson}); false by default. */
  default boolean stochastic() {
    return false;
  }

  /**
   * The diagonal at {@code theta} over the rows of {@code batch}, reduced as {@code reduction}
   * says ({@link Reduction#MEAN}: of the objective {@code E}, the {@link L2} term's {@code λ}
   * included).
   *
   * @param objective network, loss and regulariser (its work buffers are reused)
   * @param theta parameters; deleted entries are 0
   * @param mask deleted parameters get 0
   * @param seed the seed of a stochastic method's random choices (ignored by the others)
   */
  double[] compute(
      Objective objective, double[] theta, Mask mask, Batch batch, Reduction reduction, long seed);

  /** The diagonal of the objective {@code E} (a mean) over a whole data set. */
  default double[] compute(
      Objective objective, double[] theta, Mask mask, Dataset data, long seed) {
    return compute(objective, theta, mask, Batch.all(data), Reduction.MEAN, seed);
  }

  /**
   * The built-in method of that name with default options.
   *
   * @throws IllegalArgumentException naming the value and the valid names
   */
  static HessianDiagonal byName(String name) {
    return builtins().create(name, null);
  }

  /** Names of the built-in methods. */
  static List<String> names() {
    return builtins().names();
  }
}

/** Holder of the built-in registry, made on first use. */
final class Builtins {
  static final Registry<HessianDiagonal> REGISTRY =
      new Registry<>("Hessian-diagonal method", HessianDiagonal.BUILTINS);

  private Builtins() {}
}
