package org.obd.train.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.obd.core.Descriptor;
import org.obd.core.Mask;

/**
 * {@code lbfgs}: limited-memory BFGS (Nocedal 1980; Liu &amp; Nocedal 1989) with a strong-Wolfe
 * line search (Nocedal &amp; Wright, <i>Numerical Optimization</i>, 2nd ed. 2006, Algorithms 3.5
 * and 3.6). {@link #fullBatch() Full batch}: the objective must be the whole training set's, the
 * same function at every step. One {@link #step} is one iteration:
 *
 * <ol>
 *   <li>{@code f = E(θ)}, {@code g = ∇E(θ)} (reused from the previous step when it ended at this
 *       same {@code θ}, bit for bit, with the same objective instance and mask). If {@code g = 0}
 *       the step does nothing and {@link #progressed()} is false.
 *   <li>Direction {@code d = −H g} by the two-loop recursion over the stored pairs {@code (s_i,
 *       y_i)}, oldest to newest at most {@code memory} of them, with {@code H₀ = γ I}, {@code γ =
 *       sᵀy / yᵀy} of the newest pair. With no pairs, {@code d = −g}. If {@code dᵀg} is not
 *       negative the memory is cleared and {@code d = −g}.
 *   <li>Line search along {@code d} for {@code α} with the strong Wolfe conditions {@code E(θ +
 *       αd) ≤ f + c₁ α gᵀd} and {@code |∇E(θ + αd)ᵀd| ≤ c₂ |gᵀd|}. Trial {@code α = 1} along a
 *       quasi-Newton direction; along {@code −g} (no pairs: the first iteration, after a reset or
 *       a cleared memory) {@code α = min(1, 1/‖g‖₁)}. Bracketing (Algorithm 3.5): while the trial
 *       satisfies sufficient decrease with a negative slope but not the curvature condition, the
 *       next trial is the minimiser of the cubic interpolating the last two trials' values and
 *       slopes, kept in {@code [α + 1.1 (α − α_prev), α + 4 (α − α_prev)]} (the upper end when the
 *       cubic has no minimiser there). Zoom (Algorithm 3.6): the cubic's minimiser between the
 *       bracket's ends, replaced by the midpoint when it lies within 10% of the bracket's width of
 *       either end or is not finite. A trial with a non-finite value or slope counts as too long.
 *       Each line search evaluates the objective at most {@code max-evaluations} times; it fails
 *       when that is exhausted, the bracket shrinks below {@code 1e-14} relative width or {@code
 *       α} exceeds {@code 1e20}.
 *   <li>If the search along a quasi-Newton direction fails, the memory is cleared and the search
 *       is tried once along {@code −g}; if that fails too (or was the first search), {@code θ} is
 *       left unchanged and {@link #progressed()} is false.
 *   <li>Otherwise {@code θ ← θ + αd}, and the pair {@code s = θ_new − θ}, {@code y = g_new − g}
 *       is stored (dropping the oldest beyond {@code memory}) when {@code sᵀy > 10⁻¹⁰ ‖s‖ ‖y‖};
 *       else it is skipped.
 * </ol>
 *
 * <p>Cost per step: one evaluation (none when reused) plus 1 to {@code max-evaluations} per line
 * search, at most {@code 1 + 2 · max-evaluations}; {@link #evaluations()} reports them. Work:
 * {@code O(memory · P)}.
 *
 * <p>Masks: {@code g}, {@code d}, {@code s} and {@code y} are exactly 0 at deleted entries. When
 * the mask deletes more between steps the memory is cleared, because the stored pairs describe
 * curvature in another subspace, and the value and gradient are evaluated afresh.
 *
 * <p>State: vectors {@code kept} (1 at remaining parameters as of the last step, 0 at deleted
 * ones; all 0 before the first step), {@code point} and {@code gradient} (the {@code θ} the last
 * step ended at and {@code ∇E} there), {@code s0, y0, …, s<n−1>, y<n−1>} (the stored pairs, oldest
 * first); scalars {@code pairs} ({@code n}), {@code value} ({@code E} at {@code point}), {@code
 * cached} (1 when {@code point}, {@code gradient} and {@code value} are valid) and {@code stalled}
 * (1 when the last step made no progress). The objective instance is not part of the state: a
 * restored optimizer evaluates its first step's value and gradient afresh (same bits for a
 * deterministic objective).
 */
public final class Lbfgs implements Optimizer {

  /**
   * Options of {@code lbfgs}.
   *
   * @param memory number of pairs {@code (s, y)} kept, at least 1
   * @param c1 sufficient-decrease constant of the Wolfe conditions, {@code 0 < c1 < c2}
   * @param c2 curvature constant of the strong Wolfe conditions, {@code c1 < c2 < 1}
   * @param maxEvaluations objective evaluations per line search, at least 1 (key {@code
   *     max-evaluations})
   */
  public record Options(int memory, double c1, double c2, int maxEvaluations) {

    /** Validates the values, naming the key. */
    public Options {
      Checks.atLeast("memory", memory, 1);
      Checks.open("c1", c1);
      Checks.open("c2", c2);
      if (!(c1 < c2)) {
        throw new IllegalArgumentException(
            "options 'c1' and 'c2' must satisfy 0 < c1 < c2 < 1, found c1 = " + c1 + ", c2 = "
                + c2);
      }
      Checks.atLeast("max-evaluations", maxEvaluations, 1);
    }
  }

  /** The declaration: name, summary, citation, default options. */
  public static final Descriptor<Options, Optimizer> DESCRIPTOR =
      Descriptor.of(
          "lbfgs",
          "full-batch limited-memory BFGS with a strong-Wolfe line search; one iteration per"
              + " step, usually 1-2 gradients",
          "Nocedal (1980), Updating Quasi-Newton Matrices with Limited Storage; Liu & Nocedal"
              + " (1989), On the Limited Memory BFGS Method for Large Scale Optimization; line"
              + " search: Nocedal & Wright (2006), Numerical Optimization, Algorithms 3.5-3.6",
          new Options(10, 1e-4, 0.9, 25),
          Lbfgs::new);

  /** A pair is stored only when {@code sᵀy > CURVATURE_EPSILON ‖s‖ ‖y‖}. */
  static final double CURVATURE_EPSILON = 1e-10;

  private static final double MAX_STEP = 1e20;
  private static final double MIN_WIDTH = 1e-14;

  private final int memory;
  private final double c1;
  private final double c2;
  private final int maxEvaluations;

  private int p = -1;
  private double[][] s;
  private double[][] y;
  private double[] sy;
  private double[] yy;
  private double[] alpha;
  private int head;
  private int count;
  private double[] kept;
  private double[] point;
  private double[] gradient;
  private double value;
  private boolean cached;
  private boolean stalled;
  private double[] direction;
  private double[] trial;
  private double[] trialGradient;
  private double trialValue;
  private double trialSlope;
  private int evaluations;
  // during a step only, and the last step's objective (the reuse test)
  private StepObjective objective;
  private Mask mask;
  private double[] theta;

  /** The optimizer with the given options. */
  public Lbfgs(Options options) {
    this.memory = options.memory();
    this.c1 = options.c1();
    this.c2 = options.c2();
    this.maxEvaluations = options.maxEvaluations();
  }

  @Override
  public boolean fullBatch() {
    return true;
  }

  @Override
  public boolean progressed() {
    return !stalled;
  }

  /** Objective evaluations made by the last step (0 before the first). */
  public int evaluations() {
    return evaluations;
  }

  @Override
  public void initialise(int parameterCount) {
    p = Checks.parameterCount("lbfgs", parameterCount);
    s = new double[memory][p];
    y = new double[memory][p];
    sy = new double[memory];
    yy = new double[memory];
    alpha = new double[memory];
    kept = new double[p];
    point = new double[p];
    gradient = new double[p];
    direction = new double[p];
    trial = new double[p];
    trialGradient = new double[p];
    clear();
  }

  @Override
  public void reset() {
    Checks.initialised("lbfgs", p);
    clear();
  }

  private void clear() {
    for (int i = 0; i < memory; i++) {
      Arrays.fill(s[i], 0.0);
      Arrays.fill(y[i], 0.0);
    }
    Arrays.fill(sy, 0.0);
    Arrays.fill(yy, 0.0);
    Arrays.fill(kept, 0.0);
    Arrays.fill(point, 0.0);
    Arrays.fill(gradient, 0.0);
    head = 0;
    count = 0;
    value = 0;
    cached = false;
    stalled = false;
    evaluations = 0;
    objective = null;
  }

  @Override
  public double step(double[] theta, Mask mask, StepObjective objective) {
    Checks.step("lbfgs", p, theta, mask, objective);
    mask.apply(theta);
    boolean subspaceChanged = false;
    for (int k = 0; k < p; k++) {
      double want = mask.isDeleted(k) ? 0.0 : 1.0;
      if (kept[k] != want) {
        kept[k] = want;
        subspaceChanged = true;
      }
    }
    if (subspaceChanged) {
      count = 0;
      head = 0;
      cached = false;
    }
    this.theta = theta;
    this.mask = mask;
    evaluations = 0;
    if (!cached || objective != this.objective || !Arrays.equals(theta, point)) {
      value = evaluate(objective, theta, gradient);
      System.arraycopy(theta, 0, point, 0, p);
      cached = true;
    }
    this.objective = objective;
    double f0 = value;
    double gg = dot(gradient, gradient);
    if (!Double.isFinite(f0) || !Double.isFinite(gg)) {
      cached = false;
      throw new IllegalStateException(
          "lbfgs: the objective or its gradient is not finite at theta (E = " + f0
              + ", |g|² = " + gg + ")");
    }
    boolean found = false;
    if (gg > 0 && count > 0) {
      twoLoop();
      double slope = dot(direction, gradient);
      found = slope < 0 && lineSearch(f0, slope, 1.0);
      if (!found) {
        count = 0;
        head = 0;
      }
    }
    if (gg > 0 && !found) {
      double norm1 = 0;
      for (int k = 0; k < p; k++) {
        direction[k] = -gradient[k];
        norm1 += Math.abs(gradient[k]);
      }
      mask.apply(direction);
      found = lineSearch(f0, -gg, Math.min(1.0, 1.0 / norm1));
    }
    this.theta = null;
    this.mask = null;
    stalled = !found;
    if (found) {
      accept(theta);
    }
    return f0;
  }

  /** Stores the pair of the accepted trial (if curved enough) and moves there. */
  private void accept(double[] theta) {
    double st = 0;
    double ss = 0;
    double tt = 0;
    for (int k = 0; k < p; k++) {
      double sk = trial[k] - theta[k];
      double yk = trialGradient[k] - gradient[k];
      st += sk * yk;
      ss += sk * sk;
      tt += yk * yk;
    }
    if (st > CURVATURE_EPSILON * Math.sqrt(ss) * Math.sqrt(tt)) {
      int slot = count < memory ? (head + count) % memory : head;
      double[] si = s[slot];
      double[] yi = y[slot];
      for (int k = 0; k < p; k++) {
        si[k] = trial[k] - theta[k];
        yi[k] = trialGradient[k] - gradient[k];
      }
      sy[slot] = st;
      yy[slot] = tt;
      if (count < memory) {
        count++;
      } else {
        head = (head + 1) % memory;
      }
    }
    System.arraycopy(trial, 0, theta, 0, p);
    System.arraycopy(trial, 0, point, 0, p);
    System.arraycopy(trialGradient, 0, gradient, 0, p);
    value = trialValue;
  }

  /** {@code direction = −H g} by the two-loop recursion (Nocedal & Wright, Algorithm 7.4). */
  private void twoLoop() {
    double[] q = direction;
    System.arraycopy(gradient, 0, q, 0, p);
    for (int i = count - 1; i >= 0; i--) {
      int j = (head + i) % memory;
      double a = dot(s[j], q) / sy[j];
      alpha[i] = a;
      double[] yj = y[j];
      for (int k = 0; k < p; k++) {
        q[k] -= a * yj[k];
      }
    }
    int newest = (head + count - 1) % memory;
    double gamma = sy[newest] / yy[newest];
    for (int k = 0; k < p; k++) {
      q[k] *= gamma;
    }
    for (int i = 0; i < count; i++) {
      int j = (head + i) % memory;
      double b = alpha[i] - dot(y[j], q) / sy[j];
      double[] sj = s[j];
      for (int k = 0; k < p; k++) {
        q[k] += b * sj[k];
      }
    }
    for (int k = 0; k < p; k++) {
      q[k] = -q[k];
    }
    mask.apply(q);
  }

  /**
   * Algorithm 3.5: finds {@code α} satisfying the strong Wolfe conditions along {@code
   * direction}; on success the last trial ({@code trial}, {@code trialGradient}, {@code
   * trialValue}) is the accepted point.
   */
  private boolean lineSearch(double f0, double slope0, double first) {
    int used = 0;
    double aPrev = 0;
    double fPrev = f0;
    double dPrev = slope0;
    double a = first;
    while (used < maxEvaluations && a > 0 && a <= MAX_STEP) {
      evaluateTrial(a);
      used++;
      double fa = trialValue;
      double da = trialSlope;
      if (!(fa <= f0 + c1 * a * slope0) || (used > 1 && fa >= fPrev) || !Double.isFinite(da)) {
        return zoom(f0, slope0, aPrev, fPrev, dPrev, a, fa, da, used);
      }
      if (Math.abs(da) <= -c2 * slope0) {
        return true;
      }
      if (da >= 0) {
        return zoom(f0, slope0, a, fa, da, aPrev, fPrev, dPrev, used);
      }
      double low = a + 1.1 * (a - aPrev);
      double high = a + 4 * (a - aPrev);
      double next = cubicMinimum(aPrev, fPrev, dPrev, a, fa, da);
      aPrev = a;
      fPrev = fa;
      dPrev = da;
      a = next >= low && next <= high ? next : high;
    }
    return false;
  }

  /** Algorithm 3.6 between {@code lo} (sufficient decrease, lowest value so far) and {@code hi}. */
  private boolean zoom(
      double f0, double slope0,
      double lo, double fLo, double dLo,
      double hi, double fHi, double dHi,
      int used) {
    while (used < maxEvaluations) {
      double left = Math.min(lo, hi);
      double width = Math.max(lo, hi) - left;
      if (!(width > MIN_WIDTH * Math.max(lo, hi))) {
        return false;
      }
      double a = cubicMinimum(lo, fLo, dLo, hi, fHi, dHi);
      if (!(a >= left + 0.1 * width && a <= left + 0.9 * width)) {
        a = left + 0.5 * width;
      }
      evaluateTrial(a);
      used++;
      double fa = trialValue;
      double da = trialSlope;
      if (!(fa <= f0 + c1 * a * slope0) || fa >= fLo || !Double.isFinite(da)) {
        hi = a;
        fHi = fa;
        dHi = da;
      } else {
        if (Math.abs(da) <= -c2 * slope0) {
          return true;
        }
        if (da * (hi - lo) >= 0) {
          hi = lo;
          fHi = fLo;
          dHi = dLo;
        }
        lo = a;
        fLo = fa;
        dLo = da;
      }
    }
    return false;
  }

  /**
   * The minimiser of the cubic with values {@code f0, f1} and slopes {@code d0, d1} at {@code a0,
   * a1} (Nocedal & Wright eq. 3.59), or NaN when it has none.
   */
  static double cubicMinimum(double a0, double f0, double d0, double a1, double f1, double d1) {
    double t1 = d0 + d1 - 3 * (f0 - f1) / (a0 - a1);
    double rad = t1 * t1 - d0 * d1;
    if (!(rad >= 0)) {
      return Double.NaN;
    }
    double t2 = Math.copySign(Math.sqrt(rad), a1 - a0);
    return a1 - (a1 - a0) * (d1 + t2 - t1) / (d1 - d0 + 2 * t2);
  }

  private void evaluateTrial(double a) {
    for (int k = 0; k < p; k++) {
      trial[k] = theta[k] + a * direction[k];
    }
    trialValue = evaluate(objective, trial, trialGradient);
    trialSlope = dot(trialGradient, direction);
  }

  private double evaluate(StepObjective o, double[] at, double[] into) {
    evaluations++;
    double f = o.valueAndGradient(at, into);
    mask.apply(into);
    return f;
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int k = 0; k < a.length; k++) {
      sum += a[k] * b[k];
    }
    return sum;
  }

  @Override
  public OptimizerState state() {
    Checks.initialised("lbfgs", p);
    Map<String, double[]> vectors = new LinkedHashMap<>();
    vectors.put("kept", kept);
    vectors.put("point", point);
    vectors.put("gradient", gradient);
    for (int i = 0; i < count; i++) {
      int j = (head + i) % memory;
      vectors.put("s" + i, s[j]);
      vectors.put("y" + i, y[j]);
    }
    Map<String, Double> scalars = new LinkedHashMap<>();
    scalars.put("pairs", (double) count);
    scalars.put("value", value);
    scalars.put("cached", cached ? 1.0 : 0.0);
    scalars.put("stalled", stalled ? 1.0 : 0.0);
    return new OptimizerState("lbfgs", vectors, scalars);
  }

  @Override
  public void restore(OptimizerState state) {
    Checks.initialised("lbfgs", p);
    state.requireOptimizer("lbfgs");
    int pairs = (int) state.count("pairs", memory, "stored pairs, at most option 'memory'");
    List<String> names = new ArrayList<>(List.of("kept", "point", "gradient"));
    for (int i = 0; i < pairs; i++) {
      names.add("s" + i);
      names.add("y" + i);
    }
    state.requireEntries(names, p, List.of("pairs", "value", "cached", "stalled"));
    boolean isCached = state.flag("cached");
    boolean isStalled = state.flag("stalled");
    clear();
    state.copyVector("kept", kept);
    state.copyVector("point", point);
    state.copyVector("gradient", gradient);
    for (int i = 0; i < pairs; i++) {
      state.copyVector("s" + i, s[i]);
      state.copyVector("y" + i, y[i]);
      double st = 0;
      double tt = 0;
      for (int k = 0; k < p; k++) {
        st += s[i][k] * y[i][k];
        tt += y[i][k] * y[i][k];
      }
      sy[i] = st;
      yy[i] = tt;
    }
    count = pairs;
    value = state.scalar("value");
    cached = isCached;
    stalled = isStalled;
  }
}
