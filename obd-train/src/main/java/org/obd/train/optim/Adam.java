package org.obd.train.optim;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.obd.core.Descriptor;
import org.obd.core.Mask;

/**
 * {@code adam}: adaptive moment estimation (Kingma &amp; Ba 2015, Algorithm 1), with bias
 * correction. With {@code g = ∇E(θ)}, step count {@code t} (1 on the first step after initialise
 * or reset):
 *
 * <pre>
 *   m ← β₁ m + (1 − β₁) g
 *   v ← β₂ v + (1 − β₂) g²                        (element-wise)
 *   m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)
 *   θ ← θ − η m̂ / (√v̂ + ε)
 * </pre>
 *
 * <p>{@code η} is option {@code learning-rate} (parameter units: a step is at most about {@code
 * η} per parameter), {@code β₁, β₂} options {@code beta1, beta2}, {@code ε} option {@code epsilon}
 * (gradient units).
 *
 * <p>State: vectors {@code first-moment} ({@code m}, units of {@code g}) and {@code
 * second-moment} ({@code v}, units of {@code g²}), scalar {@code steps} ({@code t}). A parameter
 * deleted between steps loses its moments.
 */
public final class Adam implements Optimizer {

  /**
   * Options of {@code adam}.
   *
   * @param learningRate {@code η}, positive (key {@code learning-rate})
   * @param beta1 {@code β₁} in [0, 1): decay of the first moment
   * @param beta2 {@code β₂} in [0, 1): decay of the second moment
   * @param epsilon {@code ε}, positive
   */
  public record Options(double learningRate, double beta1, double beta2, double epsilon) {

    /** Validates the values, naming the key. */
    public Options {
      Checks.positive("learning-rate", learningRate);
      Checks.belowOne("beta1", beta1);
      Checks.belowOne("beta2", beta2);
      Checks.positive("epsilon", epsilon);
    }
  }

  /** The declaration: name, summary, citation, default options. */
  public static final Descriptor<Options, Optimizer> DESCRIPTOR =
      Descriptor.of(
          "adam",
          "adaptive moments: θ ← θ − η m̂/(√v̂ + ε) with bias-corrected running moments of g;"
              + " one gradient per step",
          "Kingma & Ba (2015), Adam: A Method for Stochastic Optimization",
          new Options(1e-3, 0.9, 0.999, 1e-8),
          Adam::new);

  private final double eta;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private int p = -1;
  private double[] m;
  private double[] v;
  private double[] gradient;
  private long steps;

  /** The optimizer with the given options. */
  public Adam(Options options) {
    this.eta = options.learningRate();
    this.beta1 = options.beta1();
    this.beta2 = options.beta2();
    this.epsilon = options.epsilon();
  }

  @Override
  public void initialise(int parameterCount) {
    p = Checks.parameterCount("adam", parameterCount);
    m = new double[p];
    v = new double[p];
    gradient = new double[p];
    steps = 0;
  }

  @Override
  public double step(double[] theta, Mask mask, StepObjective objective) {
    Checks.step("adam", p, theta, mask, objective);
    mask.apply(m);
    mask.apply(v);
    double e = objective.valueAndGradient(theta, gradient);
    mask.apply(gradient);
    steps++;
    double c1 = 1 - Math.pow(beta1, steps);
    double c2 = 1 - Math.pow(beta2, steps);
    double[] g = gradient;
    for (int k = 0; k < p; k++) {
      m[k] = beta1 * m[k] + (1 - beta1) * g[k];
      v[k] = beta2 * v[k] + (1 - beta2) * g[k] * g[k];
      theta[k] -= eta * (m[k] / c1) / (Math.sqrt(v[k] / c2) + epsilon);
    }
    mask.apply(theta);
    return e;
  }

  @Override
  public void reset() {
    Checks.initialised("adam", p);
    Arrays.fill(m, 0.0);
    Arrays.fill(v, 0.0);
    steps = 0;
  }

  @Override
  public OptimizerState state() {
    Checks.initialised("adam", p);
    Map<String, double[]> vectors = new LinkedHashMap<>();
    vectors.put("first-moment", m);
    vectors.put("second-moment", v);
    return new OptimizerState("adam", vectors, Map.of("steps", (double) steps));
  }

  @Override
  public void restore(OptimizerState state) {
    Checks.initialised("adam", p);
    state.requireOptimizer("adam");
    state.requireEntries(List.of("first-moment", "second-moment"), p, List.of("steps"));
    long s = state.count("steps", Long.MAX_VALUE, "steps since initialise or reset");
    state.copyVector("first-moment", m);
    state.copyVector("second-moment", v);
    steps = s;
  }
}
