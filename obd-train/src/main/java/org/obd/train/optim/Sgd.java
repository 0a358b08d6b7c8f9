package org.obd.train.optim;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.obd.core.Descriptor;
import org.obd.core.Mask;

/**
 * {@code sgd}: stochastic gradient descent, optionally with classical or Nesterov momentum.
 *
 * <p>With learning rate {@code η}, momentum {@code μ} and {@code g = ∇E(θ)} evaluated at the
 * {@code θ} the step is given:
 *
 * <ul>
 *   <li>{@code μ = 0}: {@code θ ← θ − η g};
 *   <li>classical momentum (Polyak 1964): {@code v ← μ v − η g; θ ← θ + v};
 *   <li>Nesterov momentum: {@code v ← μ v − η g; θ ← θ + μ v − η g} (with the new {@code v}).
 *       This is Sutskever et al.'s (2013) form {@code v ← μ v − η ∇E(θ' + μ v); θ' ← θ' + v}
 *       rewritten in the variable {@code θ = θ' + μ v}, the look-ahead point, so that the
 *       gradient is taken at the parameters the step is given (Bengio, Boulanger-Lewandowski &amp;
 *       Pascanu 2013; also PyTorch's {@code nesterov=True} with dampening 0).
 * </ul>
 *
 * <p>State: vector {@code velocity} ({@code v}, in parameter units per step; 0 without momentum).
 * A parameter deleted between steps loses its velocity.
 */
public final class Sgd implements Optimizer {

  /**
   * Options of {@code sgd}.
   *
   * @param learningRate {@code η}, positive (key {@code learning-rate}; parameter units per unit of
   *     gradient)
   * @param momentum {@code μ} in [0, 1)
   * @param nesterov Nesterov's form of momentum; requires {@code momentum > 0}
   */
  public record Options(double learningRate, double momentum, boolean nesterov) {

    /** Validates the values, naming the key. */
    public Options {
      Checks.positive("learning-rate", learningRate);
      Checks.belowOne("momentum", momentum);
      if (nesterov && momentum == 0) {
        throw new IllegalArgumentException(
            "option 'nesterov' requires option 'momentum' > 0, found momentum " + momentum);
      }
    }
  }

  /** The declaration: name, summary, citation, default options. */
  public static final Descriptor<Options, Optimizer> DESCRIPTOR =
      Descriptor.of(
          "sgd",
          "gradient descent θ ← θ − η g, optionally with classical or Nesterov momentum; one"
              + " gradient per step",
          "Robbins & Monro (1951), A Stochastic Approximation Method; momentum: Polyak (1964), Some"
              + " methods of speeding up the convergence of iteration methods; Nesterov form: Sutskever, Martens, Dahl & Hinton (2013), On the importance of"
              + " initialization and momentum in deep learning",
          new Options(0.01, 0.0, false),
          Sgd::new);

  private final double eta;
  private final double mu;
  private final boolean nesterov;
  private int p = -1;
  private double[] velocity;
  private double[] gradient;

  /** The optimizer with the given options. */
  public Sgd(Options options) {
    this.eta = options.learningRate();
    this.mu = options.momentum();
    this.nesterov = options.nesterov();
  }

  @Override
  public void initialise(int parameterCount) {
    p = Checks.parameterCount("sgd", parameterCount);
    velocity = new double[p];
    gradient = new double[p];
  }

  @Override
  public double step(double[] theta, Mask mask, StepObjective objective) {
    Checks.step("sgd", p, theta, mask, objective);
    mask.apply(velocity);
    double e = objective.valueAndGradient(theta, gradient);
    mask.apply(gradient);
    double[] v = velocity;
    double[] g = gradient;
    if (mu == 0) {
      for (int k = 0; k < p; k++) {
        theta[k] -= eta * g[k];
      }
    } else if (nesterov) {
      for (int k = 0; k < p; k++) {
        v[k] = mu * v[k] - eta * g[k];
        theta[k] += mu * v[k] - eta * g[k];
      }
    } else {
      for (int k = 0; k < p; k++) {
        v[k] = mu * v[k] - eta * g[k];
        theta[k] += v[k];
      }
    }
    mask.apply(theta);
    return e;
  }

  @Override
  public void reset() {
    Checks.initialised("sgd", p);
    Arrays.fill(velocity, 0.0);
  }

  @Override
  public OptimizerState state() {
    Checks.initialised("sgd", p);
    return new OptimizerState("sgd", Map.of("velocity", velocity), Map.of());
  }

  @Override
  public void restore(OptimizerState state) {
    Checks.initialised("sgd", p);
    state.requireOptimizer("sgd");
    state.requireEntries(List.of("velocity"), p, List.of());
    state.copyVector("velocity", velocity);
  }
}
