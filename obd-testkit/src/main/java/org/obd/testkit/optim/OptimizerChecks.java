package org.obd.testkit.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.obd.core.Descriptor;
import org.obd.core.HessianDiagonal;
import org.obd.core.Mask;
import org.obd.testkit.Tolerances;
import org.obd.train.optim.Optimizer;
import org.obd.train.optim.OptimizerState;

/**
 * The checks of {@link OptimizerContract}, callable on their own (for instance to show that they
 * reject a broken optimizer). Each throws an {@link AssertionError} naming the step, the vector and
 * the entry that break the contract.
 *
 * <p>"Exactly 0" means the bit pattern of {@code +0.0}, what {@link Mask#apply} writes: {@code
 * -0.0 == 0.0} holds, but {@code -0.0} is another double, makes a masked vector differ bit for bit
 * from its {@code Mask.apply} image and is written as {@code -0.0} in model files. Optimizers get
 * it for free by masking their vectors rather than negating zeros (e.g. storing {@code −g}).
 */
public final class OptimizerChecks {

  private OptimizerChecks() {}

  /**
   * The declaration is well formed: defaults present, an empty options block and the defaults'
   * own map give the defaults back, keys are kebab-case and in record order, {@code options}
   * builds an optimizer whose {@link Optimizer#diagonalMethod()} is null or a known method.
   */
  public static void checkDeclaration(
      Descriptor<?, ? extends Optimizer> d, Map<String, ?> options) {
    require(d.defaults() != null, d.name() + ": default options are missing");
    require(
        d.defaults().equals(d.options(Map.of())),
        d.name() + ": an empty options block should give the defaults " + d.defaults()
            + ", gave " + d.options(Map.of()));
    require(
        d.defaults().equals(d.options(d.defaultOptions())),
        d.name() + ": the default options " + d.defaultOptions()
            + " should map back onto the defaults " + d.defaults() + ", gave "
            + d.options(d.defaultOptions()));
    require(
        d.optionKeys().equals(new ArrayList<>(d.defaultOptions().keySet())),
        d.name() + ": option keys " + d.optionKeys() + " differ from the default options' keys "
            + d.defaultOptions().keySet());
    for (String key : d.optionKeys()) {
      require(
          key.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*"),
          d.name() + ": option key '" + key + "' is not kebab-case");
    }
    Optimizer o = d.create(options);
    String method = o.diagonalMethod();
    require(
        method == null || HessianDiagonal.names().contains(method),
        d.name() + ": diagonalMethod() is '" + method + "', expected null or one of "
            + HessianDiagonal.names());
  }

  /**
   * A fresh optimizer initialised for {@code n} parameters has a state named {@code name} whose
   * vectors have {@code n} entries, all exactly 0, and whose scalars are all 0; after steps and
   * {@link Optimizer#reset()} the state is that again.
   */
  public static void checkInitialStateAndReset(
      String name, Supplier<? extends Optimizer> fresh, int n) {
    Optimizer o = fresh.get();
    o.initialise(n);
    OptimizerState initial = o.state();
    require(
        name.equals(initial.optimizer()),
        "the state is named '" + initial.optimizer() + "', expected the optimizer's name '" + name
            + "'");
    requireZero("after initialise(" + n + ")", initial, n);
    QuadraticProblem q = QuadraticProblem.random(n, 1);
    double[] theta = q.start();
    QuadraticProblem.Objective objective = q.objective(Mask.none(n));
    for (int t = 0; t < 3; t++) {
      o.step(theta, Mask.none(n), objective);
    }
    o.reset();
    requireSameState("after 3 steps and reset(), compared with after initialise", initial,
        o.state());
  }

  private static void requireZero(String when, OptimizerState s, int n) {
    s.vectors().forEach((key, v) -> {
      require(v.length == n, when + ": state vector '" + key + "' has " + v.length
          + " entries, expected " + n + " (one per parameter)");
      for (int k = 0; k < n; k++) {
        require(Double.doubleToRawLongBits(v[k]) == 0,
            when + ": state vector '" + key + "' entry " + k + " is " + v[k] + ", expected 0");
      }
    });
    s.scalars().forEach((key, v) ->
        require(v == 0, when + ": state scalar '" + key + "' is " + v + ", expected 0"));
  }

  /**
   * On {@code q} under {@code mask}, from its start point, {@code steps} steps (fewer once a step
   * reports no progress) bring {@code E − E*} to at most {@code gap · (E(θ₀) − E*)}, where {@code
   * E*} is the least value with the deleted parameters at 0. Along the way every step returns
   * {@code E} at {@code θ} before the step (to rounding, {@link Tolerances#ROUNDING}), and an
   * optimizer whose {@link Optimizer#diagonalMethod()} is null never asks for a diagonal.
   */
  public static void checkDescent(
      Supplier<? extends Optimizer> fresh, QuadraticProblem q, Mask mask, int steps, double gap) {
    int n = q.dimension();
    Optimizer o = fresh.get();
    o.initialise(n);
    double[] theta = q.start();
    mask.apply(theta);
    QuadraticProblem.Objective objective = q.objective(mask);
    double min = q.minimum(mask);
    double e0 = q.value(theta);
    int t = 0;
    for (; t < steps; t++) {
      double before = q.value(theta);
      double returned = o.step(theta, mask, objective);
      if (!Tolerances.ROUNDING.close(before, returned)) {
        throw new AssertionError(
            "step " + t + " returned E = " + returned + ", but E at θ before the step is "
                + before);
      }
      if (!o.progressed()) {
        break;
      }
    }
    require(
        o.diagonalMethod() != null || objective.diagonalEvaluations() == 0,
        "diagonalMethod() is null but step asked for the Hessian diagonal "
            + objective.diagonalEvaluations() + " times");
    double reached = q.value(theta) - min;
    require(
        reached <= gap * (e0 - min),
        "after " + t + " steps on a quadratic of " + n + " parameters (" + mask.deletedCount()
            + " deleted) E − E* = " + reached + ", expected at most " + gap + " · " + (e0 - min)
            + " (E(θ₀) − E*)");
  }

  /**
   * Over the schedule, after every step the deleted entries of {@code θ} and of every state
   * vector are exactly {@code +0.0}, and their other entries are finite.
   */
  public static void checkMaskInvariance(Supplier<? extends Optimizer> fresh, Schedule s) {
    Run r = new Run(s, fresh.get());
    while (r.t < s.steps()) {
      r.step();
      requireMasked("after step " + (r.t - 1), r.theta, r.optimizer.state(), r.mask);
    }
  }

  /**
   * {@code θ} and the state's vectors are exactly {@code +0.0} at the deleted parameters and
   * finite elsewhere; every state vector has one entry per parameter.
   */
  public static void requireMasked(String when, double[] theta, OptimizerState state, Mask mask) {
    int n = mask.size();
    Map<String, double[]> all = new LinkedHashMap<>();
    all.put("θ", theta);
    state.vectors().forEach((key, v) -> all.put("state vector '" + key + "'", v));
    all.forEach((what, v) -> {
      require(v.length == n, when + ": " + what + " has " + v.length + " entries, expected " + n
          + " (one per parameter)");
      for (int k = 0; k < n; k++) {
        if (mask.isDeleted(k)) {
          require(Double.doubleToRawLongBits(v[k]) == 0,
              when + ": " + what + " entry " + k + " of deleted parameter " + k + " is " + v[k]
                  + ", expected exactly +0.0");
        } else {
          require(Double.isFinite(v[k]),
              when + ": " + what + " entry " + k + " of remaining parameter " + k + " is " + v[k]
                  + ", expected a finite number");
        }
      }
    });
  }

  /** Two fresh instances run over the schedule agree bit for bit in θ and state at every step. */
  public static void checkDeterminism(Supplier<? extends Optimizer> fresh, Schedule s) {
    Run a = new Run(s, fresh.get());
    Run b = new Run(s, fresh.get());
    while (a.t < s.steps()) {
      a.step();
      b.step();
      requireSame("two fresh instances, after step " + (a.t - 1), a, b);
    }
  }

  /**
   * A snapshot after {@link Schedule#snapshotAfter()} steps, restored into a fresh initialised
   * instance, gives the snapshot back and continues bit for bit as the original; the snapshot is
   * a copy, unchanged by the original's later steps.
   */
  public static void checkStateRoundTrip(Supplier<? extends Optimizer> fresh, Schedule s) {
    Run a = new Run(s, fresh.get());
    while (a.t < s.snapshotAfter()) {
      a.step();
    }
    OptimizerState snapshot = a.optimizer.state();
    OptimizerState copy = a.optimizer.state();
    Run b = new Run(s, fresh.get());
    b.optimizer.restore(snapshot);
    requireSameState("state() of the restored instance, compared with the snapshot", snapshot,
        b.optimizer.state());
    b.t = a.t;
    b.mask = a.mask;
    System.arraycopy(a.theta, 0, b.theta, 0, a.theta.length);
    while (a.t < s.steps()) {
      a.step();
      b.step();
      requireSame("restored after step " + (s.snapshotAfter() - 1) + ", then step "
          + (a.t - 1), a, b);
    }
    requireSameState("the snapshot taken after step " + (s.snapshotAfter() - 1)
        + " once the optimizer went on (state() must return copies)", copy, snapshot);
  }

  /**
   * {@code restore} rejects, with a message naming what was expected: a state of another
   * optimizer (the message names this one); each vector one entry short (names the vector and
   * the parameter count); each vector or scalar missing (names it).
   */
  public static void checkRestoreErrors(Supplier<? extends Optimizer> fresh) {
    int n = 6;
    Schedule s = new Schedule(
        n, 3, List.of(new int[0], new int[0], new int[0], new int[] {2}, new int[0]), 5);
    Run r = new Run(s, fresh.get());
    while (r.t < s.steps()) {
      r.step();
    }
    OptimizerState good = r.optimizer.state();
    String name = good.optimizer();
    Map<String, double[]> vectors = good.vectors();
    Map<String, Double> scalars = good.scalars();
    requireRejected(fresh, n, new OptimizerState("not-" + name, vectors, scalars),
        "a state of optimizer 'not-" + name + "'", "'" + name + "'");
    for (String key : vectors.keySet()) {
      Map<String, double[]> shorter = new LinkedHashMap<>(vectors);
      shorter.put(key, new double[n - 1]);
      requireRejected(fresh, n, new OptimizerState(name, shorter, scalars),
          "vector '" + key + "' of " + (n - 1) + " entries", "'" + key + "'", "" + n);
      Map<String, double[]> missing = new LinkedHashMap<>(vectors);
      missing.remove(key);
      requireRejected(fresh, n, new OptimizerState(name, missing, scalars),
          "a state without vector '" + key + "'", "'" + key + "'");
    }
    for (String key : scalars.keySet()) {
      Map<String, Double> missing = new LinkedHashMap<>(scalars);
      missing.remove(key);
      requireRejected(fresh, n, new OptimizerState(name, vectors, missing),
          "a state without scalar '" + key + "'", "'" + key + "'");
    }
  }

  private static void requireRejected(
      Supplier<? extends Optimizer> fresh, int n, OptimizerState bad, String what,
      String... mentions) {
    Optimizer o = fresh.get();
    o.initialise(n);
    try {
      o.restore(bad);
    } catch (IllegalArgumentException e) {
      for (String m : mentions) {
        require(e.getMessage() != null && e.getMessage().contains(m),
            "restore of " + what + ": the message should name " + m + ": " + e.getMessage());
      }
      return;
    }
    throw new AssertionError("restore accepted " + what + " (expected an IllegalArgumentException)");
  }

  private static void requireSame(String when, Run a, Run b) {
    Tolerances.assertIdentical(when + ": θ", a.theta, b.theta, null);
    requireSameState(when, a.optimizer.state(), b.optimizer.state());
  }

  private static void requireSameState(String when, OptimizerState a, OptimizerState b) {
    if (a.equals(b)) {
      return;
    }
    require(a.optimizer().equals(b.optimizer()),
        when + ": states of '" + a.optimizer() + "' and '" + b.optimizer() + "'");
    require(a.vectors().keySet().equals(b.vectors().keySet()),
        when + ": state vectors " + a.vectors().keySet() + " and " + b.vectors().keySet());
    require(a.scalars().equals(b.scalars()),
        when + ": state scalars " + a.scalars() + " and " + b.scalars());
    Map<String, double[]> bv = b.vectors();
    a.vectors().forEach((key, v) ->
        Tolerances.assertIdentical(when + ": state vector '" + key + "'", v, bv.get(key), null));
    throw new AssertionError(when + ": states differ: " + a + " and " + b);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new AssertionError(message);
    }
  }

  /** One run of a schedule: θ, the mask in force, and one objective per mask (reused). */
  private static final class Run {
    final Schedule schedule;
    final QuadraticProblem problem;
    final Optimizer optimizer;
    final double[] theta;
    Mask mask;
    QuadraticProblem.Objective objective;
    int t;

    Run(Schedule s, Optimizer o) {
      schedule = s;
      problem = s.problem();
      optimizer = o;
      o.initialise(s.dimension());
      theta = problem.start();
      mask = Mask.none(s.dimension());
    }

    void step() {
      Mask m = mask.delete(schedule.deletions().get(t));
      if (objective == null || !m.equals(mask)) {
        mask = m;
        objective = problem.objective(m);
      }
      mask.apply(theta);
      optimizer.step(theta, mask, objective);
      t++;
    }
  }
}
