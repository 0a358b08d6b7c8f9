package org.obd.saliency;

import org.obd.core.Curvature;
import org.obd.core.Dataset;
import org.obd.core.HessianDiagonal;
import org.obd.core.Loss;
import org.obd.core.Model;
import org.obd.core.Network;
import org.obd.core.Objective;
import org.obd.core.Registry;

/**
 * What a {@link Saliency} strategy sees: the model (network, parameters, mask), the training
 * objective, the data it averages over, a seed for any randomness, and the {@link Curvature} cache
 * of that model's objective over that data (gradient, Hessian diagonals by method name,
 * Hessian-vector products). Strategies sharing a context share its cache: asking twice for the same
 * diagonal costs one computation.
 *
 * @param model the parameters and mask being scored
 * @param objective network and loss; its network is the model's
 * @param data the samples the objective averages over (usually the training set)
 * @param seed seed of every random choice a strategy makes (e.g. {@code random}, Hutchinson probes)
 * @param curvature the cache for {@code model}, {@code objective} and {@code data}
 */
public record SaliencyContext(
    Model model, Objective objective, Dataset data, long seed, Curvature curvature) {

  /**
   * Checks that the parts belong together.
   *
   * @throws IllegalArgumentException if the curvature was built for another model, objective or
   *     data set, or the objective's network is not the model's
   */
  public SaliencyContext {
    if (curvature.model() != model) {
      throw new IllegalArgumentException(
          "the curvature cache belongs to another model; build the context with"
              + " SaliencyContext.of(model, objective, data, seed)");
    }
    if (curvature.objective() != objective) {
      throw new IllegalArgumentException("the curvature cache belongs to another objective");
    }
    if (curvature.data() != data) {
      throw new IllegalArgumentException("the curvature cache belongs to another data set");
    }
  }

  /** A context with a fresh curvature cache over the built-in Hessian-diagonal methods. */
  public static SaliencyContext of(Model model, Objective objective, Dataset data, long seed) {
    return new SaliencyContext(model, objective, data, seed, new Curvature(objective, model, data));
  }

  /** A context with a fresh curvature cache over the given Hessian-diagonal methods. */
  public static SaliencyContext of(
      Model model, Objective objective, Dataset data, long seed,
      Registry<HessianDiagonal> methods) {
    return new SaliencyContext(
        model, objective, data, seed, new Curvature(objective, model, data, methods));
  }

  /** A context with a new objective of the model's network and {@code loss}. */
  public static SaliencyContext of(Model model, Loss loss, Dataset data, long seed) {
    return of(model, new Objective(model.network(), loss), data, seed);
  }

  /** The same objective, data and seed at another model (a fresh cache: curvature changes). */
  public SaliencyContext withModel(Model other) {
    return of(other, objective, data, seed, curvature.methods());
  }

  /** The architecture. */
  public Network network() {
    return model.network();
  }
}
