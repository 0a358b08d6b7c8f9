package org.obd.train.optim;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.obd.core.Descriptor;
import org.obd.core.Mask;

/**
 * {@code sdlm}: the stochastic diagonal Levenberg–Marquardt method (LeCun, Bottou, Orr &amp;
 * Müller 1998, "Efficient BackProp", §9.1; LeCun, Bottou, Bengio &amp; Haffner 1998, appendix C),
 * the method the OBD paper's networks were trained with: gradient descent with one learning rate
 * per parameter, {@code η / (μ + h_kk)}, where {@code h_kk} is a running estimate of the Hessian
 * diagonal.
 *
 * <p>Each step evaluates {@code E}, {@code g = ∇E(θ)} and a Hessian diagonal {@code h_batch} by
 * the method of option {@code hessian} (default {@code becker-lecun}, the paper's Gauss–Newton
 * form of the backpropagated diagonal, never negative) in one pass, then
 *
 * <pre>
 *   h ← max(h_batch, 0)                          on the first step (after initialise or reset)
 *   h ← (1 − γ) h + γ max(h_batch, 0)            afterwards
 *   θ_k ← θ_k − η / (μ + h_k) · g_k              with the updated h
 * </pre>
 *
 * <p>{@code η} is option {@code learning-rate} (unitless: {@code η = 1, μ = 0} is a Newton step on
 * the diagonal of the quadratic model), {@code μ} option {@code damping} (units of {@code h}: it
 * bounds the step where the curvature is small) and {@code γ} option {@code smoothing}. The first
 * step takes {@code h_batch} itself, so the estimate is not biased towards its zero start. A
 * negative {@code h_batch} entry, possible with {@code exact}, {@code becker-lecun-full} and
 * {@code hutchinson}, is clamped at 0: a direction of negative curvature gets the step {@code
 * η/μ}, the largest the damping allows, rather than a negative or unbounded one.
 *
 * <p>State: vector {@code curvature} ({@code h}, units of {@code E} per squared parameter unit),
 * scalar {@code steps} (steps since initialise or reset). A parameter deleted between steps loses
 * its curvature estimate.
 */
public final class Sdlm implements Optimizer {

  /**
   * Options of {@code sdlm}.
   *
   * @param learningRate {@code η}, positive (key {@code learning-rate})
   * @param damping {@code μ}, positive
   * @param smoothing {@code γ} in (0, 1]: the weight of the newest batch's diagonal
   * @param hessian the Hessian-diagonal method, one of {@code org.obd.core.HessianDiagonal#names()}
   */
  public record Options(double learningRate, double damping, double smoothing, String hessian) {

    /** Validates the values, naming the key. */
    public Options {
      Checks.positive("learning-rate", learningRate);
      Checks.positive("damping", damping);
      Checks.upToOne("smoothing", smoothing);
      Checks.method("hessian", hessian);
    }
  }

  /** The declaration: name, summary, citation, default options. */
  public static final Descriptor<Options, Optimizer> DESCRIPTOR =
      Descriptor.of(
          "sdlm",
          "stochastic diagonal Levenberg–Marquardt: θ_k ← θ_k − η/(μ + h_kk) g_k with a running"
              + " Hessian diagonal; one gradient and one diagonal per step",
          "LeCun, Bottou, Orr & Müller (1998), Efficient BackProp; LeCun, Bottou, Bengio & Haffner"
              + " (1998), Gradient-Based Learning Applied to Document Recognition",
          new Options(0.01, 0.02, 0.1, "becker-lecun"),
          Sdlm::new);

  private final double eta;
  private final double mu;
  private final double gamma;
  private final String hessian;
  private int p = -1;
  private double[] curvature;
  private double[] gradient;
  private double[] batch;
  private long steps;

  /** The optimizer with the given options. */
  public Sdlm(Options options) {
    this.eta = options.learningRate();
    this.mu = options.damping();
    this.gamma = options.smoothing();
    this.hessian = options.hessian();
  }

  @Override
  public String diagonalMethod() {
    return hessian;
  }

  @Override
  public void initialise(int parameterCount) {
    p = Checks.parameterCount("sdlm", parameterCount);
    curvature = new double[p];
    gradient = new double[p];
    batch = new double[p];
    steps = 0;
  }

  @Override
  public double step(double[] theta, Mask mask, StepObjective objective) {
    Checks.step("sdlm", p, theta, mask, objective);
    mask.apply(curvature);
    double e = objective.valueGradientAndDiagonal(theta, gradient, batch);
    mask.apply(gradient);
    mask.apply(batch);
    double[] h = curvature;
    double[] g = gradient;
    boolean first = steps == 0;
    for (int k = 0; k < p; k++) {
      double hb = Math.max(batch[k], 0.0);
      h[k] = first ? hb : (1 - gamma) * h[k] + gamma * hb;
      theta[k] -= eta / (mu + h[k]) * g[k];
    }
    steps++;
    mask.apply(theta);
    return e;
  }

  @Override
  public void reset() {
    Checks.initialised("sdlm", p);
    Arrays.fill(curvature, 0.0);
    steps = 0;
  }

  @Override
  public OptimizerState state() {
    Checks.initialised("sdlm", p);
    return new OptimizerState(
        "sdlm", Map.of("curvature", curvature), Map.of("steps", (double) steps));
  }

  @Override
  public void restore(OptimizerState state) {
    Checks.initialised("sdlm", p);
    state.requireOptimizer("sdlm");
    state.requireEntries(List.of("curvature"), p, List.of("steps"));
    long s = state.count("steps", Long.MAX_VALUE, "steps since initialise or reset");
    state.copyVector("curvature", curvature);
    steps = s;
  }
}
