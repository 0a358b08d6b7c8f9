package org.obd.testkit;

import java.util.BitSet;
import java.util.List;
import java.util.function.Supplier;
import org.obd.core.Dataset;
import org.obd.core.Loss;
import org.obd.core.Mask;
import org.obd.core.Model;
import org.obd.core.Network;
import org.obd.core.Objective;
import org.opentest4j.TestAbortedException;

/**
 * Finite-difference estimates of the derivatives of a training objective {@code E(θ)}, computed
 * only through the public {@link Objective} API, and checkers that compare them with analytic
 * (engine-computed) vectors using {@link Tolerances}.
 *
 * <ul>
 *   <li>{@link #gradient}: central differences of {@link Objective#value}, {@code (E(θ+h e_k) −
 *       E(θ−h e_k)) / 2h}, step {@link #firstOrderStep}.
 *   <li>{@link #hessianVector}: central difference of {@link Objective#gradient} along {@code v},
 *       {@code (∇E(θ+t v) − ∇E(θ−t v)) / 2t}.
 *   <li>{@link #hessianDiagonal}: central difference of the gradient's {@code k}-th entry along
 *       {@code e_k}, {@code (∂_k E(θ+h e_k) − ∂_k E(θ−h e_k)) / 2h}. This is the kit's default
 *       diagonal because it is the more accurate of the two: a first-order difference has error
 *       {@code O(ε^(2/3)) ≈ 4e-11} at its best step, while the second difference of values below
 *       is limited to {@code O(ε^(1/2)) ≈ 1.5e-8} because its rounding error {@code 4ε|E|/h²}
 *       grows with the square of {@code 1/h} (see {@link Tolerances}). It relies on the analytic
 *       gradient, which {@link #checkGradient} verifies against values of {@code E}.
 *   <li>{@link #hessianDiagonalFromValues}: second differences of the value, {@code (E(θ+h e_k) −
 *       2E(θ) + E(θ−h e_k)) / h²}, step {@link #secondOrderStep}: less accurate, but it depends
 *       on nothing but {@code E}.
 *   <li>{@link #ggnDiagonal}: the diagonal of the generalised Gauss–Newton matrix {@code (1/N)
 *       Σ_n J_nᵀ H_ℓ,n J_n} from Jacobians {@code J_n} of the network outputs by central
 *       differences of the kit's own forward pass, step {@link #firstOrderStep}, and the loss
 *       Hessian written out from its formula; it uses no derivative of the engine at all.
 * </ul>
 *
 * <p><b>Masks.</b> Deleted parameters are never perturbed; every estimate is exactly 0 at deleted
 * indices, and the checkers require the analytic vector to be exactly 0 there too.
 *
 * <p><b>Steps.</b> The step for parameter {@code k} is {@code c · max(1, |θ_k|)} with {@code c =
 * ε^(1/3)} for first-order differences and {@code ε^(1/4)} for second differences, {@code ε =
 * 2⁻⁵²}; since {@code θ_k ± h} is rounded, the formulas use the steps actually taken ({@code
 * (θ_k+h) − (θ_k−h)} for central differences, {@code (θ_k+h) − θ_k} and {@code θ_k − (θ_k−h)}
 * for second differences) rather than the nominal ones. Along a direction {@code v} the step is
 * {@code t = ε^(1/3) · max(1, max_k |θ_k|) / max_k |v_k|}, so that no parameter moves by more
 * than a first-order step.
 *
 * <p><b>Relu kinks.</b> A central difference across a kink of relu is wrong (it averages two
 * slopes). For networks with a relu layer every estimate first checks, with an independent
 * forward pass, that every relu pre-activation of every sample keeps its sign at each point the
 * difference evaluates ({@code θ ± h e_k}, or {@code θ ± t v}) as at {@code θ}. If one does not,
 * the estimate would be meaningless: the method throws {@link TestAbortedException}, which jqwik
 * counts as a discarded try (like {@code Assume}) and JUnit reports as an aborted test, naming
 * the parameter. The check compares signs at the evaluated points only; a pre-activation that
 * leaves and re-enters its sign within one step would need {@code |a| ≲ h² |a''|} and is not
 * guarded against.
 *
 * <p><b>Cost.</b> {@link #gradient}: 2 values per kept parameter; {@link #hessianVector}: 2
 * gradients; {@link #hessianDiagonal}: 2 gradients per kept parameter;
 * {@link #hessianDiagonalFromValues}: 2 values per kept parameter; {@link #ggnDiagonal}: 2 forward
 * passes of the kit over the data set per kept parameter; for networks with relu, one forward pass
 * of the kit per evaluated point besides. Meant for small networks.
 */
public final class FiniteDifferences {

  /** Machine epsilon {@code ε = 2⁻⁵²} of double precision. */
  public static final double EPSILON = Math.ulp(1.0);

  /** {@code ε^(1/3) ≈ 6.06e-6}: the relative step of first-order central differences. */
  public static final double FIRST_ORDER_STEP = Math.cbrt(EPSILON);

  /** {@code ε^(1/4) ≈ 1.22e-4}: the relative step of second differences. */
  public static final double SECOND_ORDER_STEP = Math.sqrt(Math.sqrt(EPSILON));

  private FiniteDifferences() {}

  /** The first-order step for a parameter of value {@code theta}: {@code ε^(1/3) · max(1, |θ|)}. */
  public static double firstOrderStep(double theta) {
    return FIRST_ORDER_STEP * Math.max(1.0, Math.abs(theta));
  }

  /** The second-difference step for a parameter of value {@code theta}: {@code ε^(1/4) · max(1, |θ|)}. */
  public static double secondOrderStep(double theta) {
    return SECOND_ORDER_STEP * Math.max(1.0, Math.abs(theta));
  }

  // ---------------------------------------------------------------------------------------------
  // Estimates

  /**
   * The gradient {@code ∇E} at the model by central differences of {@link Objective#value}.
   *
   * @param objective network and loss; its network must be the model's
   * @param model parameters and mask (deleted entries of the result are 0)
   * @param data the samples {@code E} averages over; must fit the network
   * @return one entry per parameter, in the network's parameter order
   * @throws TestAbortedException if a difference would cross a relu kink
   */
  public static double[] gradient(Objective objective, Model model, Dataset data) {
    return gradient(new Point(objective, model, data));
  }

  /**
   * The Hessian-vector product {@code H v} at the model by a central difference of
   * {@link Objective#gradient} along {@code v}. Deleted entries of {@code v} are ignored (treated
   * as 0) and deleted entries of the result are 0. Arguments as for {@link #gradient}.
   *
   * @param v the direction, one finite entry per parameter
   * @throws TestAbortedException if the difference would cross a relu kink
   */
  public static double[] hessianVector(
      Objective objective, Model model, Dataset data, double[] v) {
    return hessianVector(new Point(objective, model, data), v);
  }

  /**
   * The Hessian diagonal {@code ∂²E/∂θ_k²} at the model by central differences of the gradient's
   * {@code k}-th entry (the more accurate of the two diagonal estimates; see the class comment).
   * Arguments as for {@link #gradient}.
   *
   * @throws TestAbortedException if a difference would cross a relu kink
   */
  public static double[] hessianDiagonal(Objective objective, Model model, Dataset data) {
    return hessianDiagonal(new Point(objective, model, data));
  }

  /**
   * The Hessian diagonal at the model by second differences of {@link Objective#value}: with the
   * steps actually taken, {@code h₊ = (θ_k+h) − θ_k} and {@code h₋ = θ_k − (θ_k−h)}, the
   * three-point formula {@code 2 (h₋ E₊ − (h₊+h₋) E₀ + h₊ E₋) / (h₊ h₋ (h₊+h₋))}, which is
   * {@code (E₊ − 2E₀ + E₋)/h²} when the steps are equal. Arguments as for {@link #gradient}.
   *
   * @throws TestAbortedException if a difference would cross a relu kink
   */
  public static double[] hessianDiagonalFromValues(
      Objective objective, Model model, Dataset data) {
    return hessianDiagonalFromValues(new Point(objective, model, data));
  }

  /**
   * The diagonal of the generalised Gauss–Newton matrix {@code G = (1/N) Σ_n J_nᵀ H_ℓ,n J_n} at
   * the model, {@code G_kk = (1/N) Σ_n Σ_{c,d} J_n,ck H_ℓ,n,cd J_n,dk}, built independently of the
   * engine's derivatives: column {@code k} of the output Jacobian {@code J_n = ∂f(x_n; θ)/∂θ} is the
   * central difference {@code (f(x_n; θ+h e_k) − f(x_n; θ−h e_k)) / 2h} of the kit's own forward
   * pass, step {@link #firstOrderStep}, and the loss Hessian with respect to the outputs {@code o
   * = f(x_n; θ)} is written out from its formula: {@code I} for {@code mse}, {@code (Σ_j y_j)(diag
   * p − p pᵀ)} with {@code p = softmax(o)} for {@code softmax-cross-entropy}. Arguments as for
   * {@link #gradient} (only the objective's network and loss are used).
   *
   * @throws TestAbortedException if a difference would cross a relu kink
   */
  public static double[] ggnDiagonal(Objective objective, Model model, Dataset data) {
    return ggnDiagonal(new Point(objective, model, data));
  }

  private static double[] gradient(Point p) {
    double[] fd = new double[p.theta.length];
    for (int k = 0; k < fd.length; k++) {
      if (p.mask.isDeleted(k)) {
        continue;
      }
      double h = firstOrderStep(p.theta[k]);
      double[] plus = p.moved(k, h);
      double[] minus = p.moved(k, -h);
      p.requireSmooth(plus, minus, "parameter " + p.name(k), h);
      double width = plus[k] - minus[k];
      fd[k] = (p.value(plus) - p.value(minus)) / width;
    }
    return fd;
  }

  private static double[] hessianVector(Point p, double[] v) {
    checkLength("direction", v, p.theta.length);
    double[] dir = v.clone();
    p.mask.apply(dir);
    double maxV = 0;
    double maxTheta = 0;
    for (int k = 0; k < dir.length; k++) {
      if (!Double.isFinite(dir[k])) {
        throw new IllegalArgumentException(
            "direction entry " + k + " must be finite, found " + dir[k]);
      }
      maxV = Math.max(maxV, Math.abs(dir[k]));
      maxTheta = Math.max(maxTheta, Math.abs(p.theta[k]));
    }
    double[] fd = new double[dir.length];
    if (maxV == 0) {
      return fd;
    }
    double t = firstOrderStep(maxTheta) / maxV;
    double[] plus = p.theta.clone();
    double[] minus = p.theta.clone();
    for (int k = 0; k < dir.length; k++) {
      plus[k] += t * dir[k];
      minus[k] -= t * dir[k];
    }
    p.requireSmooth(plus, minus, "the direction v", t * maxV);
    double[] gp = p.gradient(plus);
    double[] gm = p.gradient(minus);
    for (int k = 0; k < fd.length; k++) {
      fd[k] = p.mask.isDeleted(k) ? 0.0 : (gp[k] - gm[k]) / (2 * t);
    }
    return fd;
  }

  private static double[] hessianDiagonal(Point p) {
    double[] fd = new double[p.theta.length];
    for (int k = 0; k < fd.length; k++) {
      if (p.mask.isDeleted(k)) {
        continue;
      }
      double h = firstOrderStep(p.theta[k]);
      double[] plus = p.moved(k, h);
      double[] minus = p.moved(k, -h);
      p.requireSmooth(plus, minus, "parameter " + p.name(k), h);
      fd[k] = (p.gradient(plus)[k] - p.gradient(minus)[k]) / (plus[k] - minus[k]);
    }
    return fd;
  }

  private static double[] hessianDiagonalFromValues(Point p) {
    double[] fd = new double[p.theta.length];
    double e0 = p.value();
    for (int k = 0; k < fd.length; k++) {
      if (p.mask.isDeleted(k)) {
        continue;
      }
      double h = secondOrderStep(p.theta[k]);
      double[] plus = p.moved(k, h);
      double[] minus = p.moved(k, -h);
      p.requireSmooth(plus, minus, "parameter " + p.name(k), h);
      double hp = plus[k] - p.theta[k];
      double hm = p.theta[k] - minus[k];
      double ep = p.value(plus);
      double em = p.value(minus);
      fd[k] = 2 * (hm * ep - (hp + hm) * e0 + hp * em) / (hp * hm * (hp + hm));
    }
    return fd;
  }

  private static double[] ggnDiagonal(Point p) {
    int samples = p.data.size();
    double[][] lossHessians = new double[samples][];
    for (int n = 0; n < samples; n++) {
      lossHessians[n] = lossHessian(p.loss, p.output(p.theta, n), p.data.target(n));
    }
    double[] fd = new double[p.theta.length];
    for (int k = 0; k < fd.length; k++) {
      if (p.mask.isDeleted(k)) {
        continue;
      }
      double h = firstOrderStep(p.theta[k]);
      double[] plus = p.moved(k, h);
      double[] minus = p.moved(k, -h);
      p.requireSmooth(plus, minus, "parameter " + p.name(k), h);
      double width = plus[k] - minus[k];
      double sum = 0;
      for (int n = 0; n < samples; n++) {
        double[] op = p.output(plus, n);
        double[] om = p.output(minus, n);
        int c = op.length;
        double[] jk = new double[c];
        for (int i = 0; i < c; i++) {
          jk[i] = (op[i] - om[i]) / width;
        }
        double[] hl = lossHessians[n];
        for (int i = 0; i < c; i++) {
          for (int j = 0; j < c; j++) {
            sum += jk[i] * hl[i * c + j] * jk[j];
          }
        }
      }
      fd[k] = sum / samples;
    }
    return fd;
  }

  /** The loss Hessian with respect to the outputs {@code o}, row-major C × C, from its formula. */
  private static double[] lossHessian(Loss loss, double[] o, double[] y) {
    int c = o.length;
    double[] h = new double[c * c];
    if (loss == Loss.MSE) {
      for (int i = 0; i < c; i++) {
        h[i * c + i] = 1.0;
      }
      return h;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double v : o) {
      max = Math.max(max, v);
    }
    double[] p = new double[c];
    double sum = 0;
    double ySum = 0;
    for (int i = 0; i < c; i++) {
      p[i] = Math.exp(o[i] - max);
      sum += p[i];
      ySum += y[i];
    }
    for (int i = 0; i < c; i++) {
      p[i] /= sum;
    }
    for (int i = 0; i < c; i++) {
      for (int j = 0; j < c; j++) {
        h[i * c + j] = ySum * ((i == j ? p[i] : 0.0) - p[i] * p[j]);
      }
    }
    return h;
  }

  // ---------------------------------------------------------------------------------------------
  // Checkers

  /** {@link #checkGradient(Objective, Model, Dataset, double[], Tolerances)} with {@link Tolerances#FIRST_ORDER}. */
  public static void checkGradient(
      Objective objective, Model model, Dataset data, double[] analytic) {
    checkGradient(objective, model, data, analytic, Tolerances.FIRST_ORDER);
  }

  /**
   * Asserts that {@code analytic} is the gradient at the model: exactly 0 at deleted indices and
   * close to {@link #gradient} elsewhere (expected: the estimate; actual: {@code analytic}),
   * within {@code tolerances} whose absolute floor is widened by {@code max(1, |E(θ)|)}.
   *
   * @param analytic the vector under test, one entry per parameter
   * @throws AssertionError naming the first failing index and parameter, both values and the
   *     tolerance
   * @throws TestAbortedException if a difference would cross a relu kink
   */
  public static void checkGradient(
      Objective objective, Model model, Dataset data, double[] analytic, Tolerances tolerances) {
    Point p = new Point(objective, model, data);
    compare(
        p,
        "gradient (actual: analytic; expected: central differences of E)",
        analytic,
        () -> gradient(p),
        tolerances.scaledAbsolute(Math.max(1.0, Math.abs(p.value()))));
  }

  /** {@link #checkHessianVector(Objective, Model, Dataset, double[], double[], Tolerances)} with {@link Tolerances#FIRST_ORDER}. */
  public static void checkHessianVector(
      Objective objective, Model model, Dataset data, double[] v, double[] analytic) {
    checkHessianVector(objective, model, data, v, analytic, Tolerances.FIRST_ORDER);
  }

  /**
   * Asserts that {@code analytic} is {@code H v} at the model: exactly 0 at deleted indices and
   * close to {@link #hessianVector} elsewhere, within {@code tolerances} whose absolute floor is
   * widened by {@code max(1, |E(θ)|) · max(1, max_k |v_k|)} (the product is linear in {@code v};
   * the maximum runs over kept parameters).
   *
   * @param v the direction, one entry per parameter
   * @param analytic the vector under test, one entry per parameter
   * @throws AssertionError naming the first failing index and parameter, both values and the
   *     tolerance
   * @throws TestAbortedException if the difference would cross a relu kink
   */
  public static void checkHessianVector(
      Objective objective,
      Model model,
      Dataset data,
      double[] v,
      double[] analytic,
      Tolerances tolerances) {
    Point p = new Point(objective, model, data);
    checkLength("direction", v, p.theta.length);
    double maxV = 0;
    for (int k = 0; k < v.length; k++) {
      if (!p.mask.isDeleted(k)) {
        maxV = Math.max(maxV, Math.abs(v[k]));
      }
    }
    double scale = Math.max(1.0, Math.abs(p.value())) * Math.max(1.0, maxV);
    compare(
        p,
        "Hessian-vector product (actual: analytic; expected: central differences of the gradient)",
        analytic,
        () -> hessianVector(p, v),
        tolerances.scaledAbsolute(scale));
  }

  /** {@link #checkHessianDiagonal(Objective, Model, Dataset, double[], Tolerances)} with {@link Tolerances#FIRST_ORDER}. */
  public static void checkHessianDiagonal(
      Objective objective, Model model, Dataset data, double[] analytic) {
    checkHessianDiagonal(objective, model, data, analytic, Tolerances.FIRST_ORDER);
  }

  /**
   * Asserts that {@code analytic} is the exact Hessian diagonal at the model: exactly 0 at deleted
   * indices and close to {@link #hessianDiagonal} elsewhere, within {@code tolerances} whose
   * absolute floor is widened by {@code max(1, |E(θ)|)}.
   *
   * @param analytic the vector under test, one entry per parameter
   * @throws AssertionError naming the first failing index and parameter, both values and the
   *     tolerance
   * @throws TestAbortedException if a difference would cross a relu kink
   */
  public static void checkHessianDiagonal(
      Objective objective, Model model, Dataset data, double[] analytic, Tolerances tolerances) {
    Point p = new Point(objective, model, data);
    compare(
        p,
        "Hessian diagonal (actual: analytic; expected: central differences of the gradient)",
        analytic,
        () -> hessianDiagonal(p),
        tolerances.scaledAbsolute(Math.max(1.0, Math.abs(p.value()))));
  }

  /** {@link #checkHessianDiagonalFromValues(Objective, Model, Dataset, double[], Tolerances)} with {@link Tolerances#SECOND_ORDER}. */
  public static void checkHessianDiagonalFromValues(
      Objective objective, Model model, Dataset data, double[] analytic) {
    checkHessianDiagonalFromValues(objective, model, data, analytic, Tolerances.SECOND_ORDER);
  }

  /**
   * Asserts that {@code analytic} is the exact Hessian diagonal at the model: exactly 0 at deleted
   * indices and close to {@link #hessianDiagonalFromValues} elsewhere, within {@code tolerances}
   * whose absolute floor is widened by {@code max(1, |E(θ)|)}.
   *
   * @param analytic the vector under test, one entry per parameter
   * @throws AssertionError naming the first failing index and parameter, both values and the
   *     tolerance
   * @throws TestAbortedException if a difference would cross a relu kink
   */
  public static void checkHessianDiagonalFromValues(
      Objective objective, Model model, Dataset data, double[] analytic, Tolerances tolerances) {
    Point p = new Point(objective, model, data);
    compare(
        p,
        "Hessian diagonal (actual: analytic; expected: second differences of E)",
        analytic,
        () -> hessianDiagonalFromValues(p),
        tolerances.scaledAbsolute(Math.max(1.0, Math.abs(p.value()))));
  }

  /** {@link #checkGgnDiagonal(Objective, Model, Dataset, double[], Tolerances)} with {@link Tolerances#FIRST_ORDER}. */
  public static void checkGgnDiagonal(
      Objective objective, Model model, Dataset data, double[] analytic) {
    checkGgnDiagonal(objective, model, data, analytic, Tolerances.FIRST_ORDER);
  }

  /**
   * Asserts that {@code analytic} is the diagonal of the generalised Gauss–Newton matrix at the
   * model: exactly 0 at deleted indices and close to {@link #ggnDiagonal} elsewhere, within
   * {@code tolerances} whose absolute floor is widened by {@code max(1, max_{n,c} |f_c(x_n; θ)|)}
   * (the differences are of outputs, so their rounding scales with the outputs as that of the
   * other estimates scales with {@code E}).
   *
   * @param analytic the vector under test, one entry per parameter
   * @throws AssertionError naming the first failing index and parameter, both values and the
   *     tolerance
   * @throws TestAbortedException if a difference would cross a relu kink
   */
  public static void checkGgnDiagonal(
      Objective objective, Model model, Dataset data, double[] analytic, Tolerances tolerances) {
    Point p = new Point(objective, model, data);
    double scale = 1.0;
    for (int n = 0; n < data.size(); n++) {
      for (double o : p.output(p.theta, n)) {
        scale = Math.max(scale, Math.abs(o));
      }
    }
    compare(
        p,
        "GGN diagonal (actual: analytic; expected: J_nᵀ H_ℓ J_n from central differences of the"
            + " outputs)",
        analytic,
        () -> ggnDiagonal(p),
        tolerances.scaledAbsolute(scale));
  }

  /** Checks length and exact zeros at deleted indices first, then the estimate. */
  private static void compare(
      Point p,
      String what,
      double[] analytic,
      Supplier<double[]> estimate,
      Tolerances tolerances) {
    if (analytic.length != p.theta.length) {
      throw new AssertionError(
          what + ": the analytic vector has " + analytic.length + " entries but the network has "
              + p.theta.length + " parameters");
    }
    List<String> names = p.network.parameterNames();
    for (int k = 0; k < analytic.length; k++) {
      if (p.mask.isDeleted(k) && analytic[k] != 0.0) {
        throw new AssertionError(
            what + ": entry " + k + " (" + names.get(k)
                + ") is deleted by the mask and must be exactly 0, found " + analytic[k]);
      }
    }
    tolerances.assertClose(what, estimate.get(), analytic, names);
  }

  private static void checkLength(String what, double[] v, int expected) {
    if (v.length != expected) {
      throw new IllegalArgumentException(
          what + " has " + v.length + " entries but the network has " + expected + " parameters");
    }
  }

  /** The point θ of the model, with what the estimates share: mask, names, kink guard. */
  private static final class Point {
    final Objective objective;
    final Network network;
    final Loss loss;
    final Dataset data;
    final double[] theta;
    final Mask mask;
    final boolean relu;
    private BitSet pattern;
    private double value = Double.NaN;

    Point(Objective objective, Model model, Dataset data) {
      if (!objective.network().equals(model.network())) {
        throw new IllegalArgumentException(
            "the objective's network " + objective.network() + " is not the model's "
                + model.network());
      }
      data.checkFits(model.network());
      this.objective = objective;
      this.network = model.network();
      this.loss = objective.loss();
      this.data = data;
      this.theta = model.parameters();
      this.mask = model.mask();
      this.relu = ReferenceForward.hasRelu(network);
    }

    /** {@code E(θ)}, computed once. */
    double value() {
      if (Double.isNaN(value)) {
        value = objective.value(theta, data);
      }
      return value;
    }

    double value(double[] at) {
      return objective.value(at, data);
    }

    double[] gradient(double[] at) {
      double[] g = new double[at.length];
      objective.gradient(at, mask, data, g);
      return g;
    }

    /** The network's output for sample {@code n} at {@code at}, by the kit's forward pass. */
    double[] output(double[] at, int n) {
      return ReferenceForward.forward(network, at, data.input(n), null);
    }

    String name(int k) {
      return k + " (" + network.blockOf(k).parameterName(k) + ")";
    }

    double[] moved(int k, double step) {
      double[] t = theta.clone();
      t[k] += step;
      return t;
    }

    /** Aborts when a relu pre-activation has another sign at either point than at θ. */
    void requireSmooth(double[] plus, double[] minus, String along, double step) {
      if (!relu) {
        return;
      }
      if (pattern == null) {
        pattern = ReferenceForward.reluPattern(network, theta, data);
      }
      if (!pattern.equals(ReferenceForward.reluPattern(network, plus, data))
          || !pattern.equals(ReferenceForward.reluPattern(network, minus, data))) {
        throw new TestAbortedException(
            "finite differences along " + along + " (step " + step
                + ") would cross a relu kink: a relu pre-activation changes sign within one step"
                + " of θ, where E is not differentiable; the estimate would be meaningless");
      }
    }
  }
}
