package org.obd.train.optim;

import org.obd.core.Mask;

/**
 * A first- or second-order optimizer of a {@link StepObjective}, after Tribuo's {@code
 * StochasticGradientOptimiser}: the trainer owns the parameters {@code θ} (a {@code double[]} of
 * length {@code P} in the network's parameter order) and the mask; the optimizer owns its state
 * (momenta, curvature estimates, quasi-Newton pairs), one entry per parameter per state vector.
 *
 * <p>Protocol: {@link #initialise(int)} once, then {@link #step} once per minibatch (once per
 * iteration over the whole training set when {@link #fullBatch()}). Masks: a deleted parameter
 * is exactly {@code +0.0} in {@code θ} and in every state vector, before and after each step (the
 * value {@link Mask#apply} writes; {@code -0.0} is not accepted, so that masked vectors compare
 * bit for bit); the mask may delete more parameters between two steps, never fewer. A step
 * allocates nothing: work vectors are allocated by {@code initialise}.
 *
 * <p>Optimizers are declared by a {@link org.obd.core.Descriptor} ({@link Optimizers#BUILTINS}),
 * are not thread-safe, and are deterministic: the same sequence of calls gives bit-identical
 * {@code θ} and state. {@code obd-testkit}'s {@code OptimizerContract} checks all of this.
 */
public interface Optimizer {

  /**
   * Allocates state for {@code parameterCount} parameters, all 0. Called once before the first
   * step.
   *
   * @throws IllegalArgumentException if {@code parameterCount} is negative
   */
  void initialise(int parameterCount);

  /**
   * One step on the objective: updates {@code theta} in place and returns {@code E} at
   * {@code theta} before the step (as evaluated by the step). {@code theta}'s deleted entries are
   * 0 on entry and stay exactly 0; every state entry of a deleted parameter becomes and stays
   * exactly 0. The mask may delete more between two steps.
   *
   * @param theta the parameters, length {@code P}, updated in place
   * @param mask the deleted parameters, over {@code P}
   * @param objective the minibatch's (or training set's) objective over {@code P} parameters
   * @return {@code E(θ)} at {@code theta} as given
   * @throws IllegalStateException if {@link #initialise} was not called
   * @throws IllegalArgumentException if {@code theta} or {@code mask} do not have {@code P}
   *     entries
   */
  double step(double[] theta, Mask mask, StepObjective objective);

  /** Forgets all history: state back to 0 (as after {@link #initialise}). */
  void reset();

  /** Whether each step needs the whole training set (L-BFGS). Default false. */
  default boolean fullBatch() {
    return false;
  }

  /**
   * Name of the Hessian-diagonal method {@code step} asks for through {@link
   * StepObjective#valueGradientAndDiagonal} (one of {@code org.obd.core.HessianDiagonal#names()}),
   * or null when it needs none (the default).
   */
  default String diagonalMethod() {
    return null;
  }

  /**
   * Whether the last step changed {@code theta} (false when a line search found no acceptable
   * point, or at an exact stationary point); default true.
   */
  default boolean progressed() {
    return true;
  }

  /**
   * A snapshot of the complete state (copies), such that {@link #restore} of the snapshot on a
   * fresh initialised instance with the same options continues bit for bit as this one would.
   * Its name is the optimizer's config name; every vector has one entry per parameter.
   */
  OptimizerState state();

  /**
   * Replaces the state by a copy of a snapshot taken by {@link #state()} of an instance with the
   * same options and parameter count.
   *
   * @throws IllegalArgumentException naming what was expected, when the snapshot is of another
   *     optimizer, lacks or has unexpected entries, or has vectors of another length
   * @throws IllegalStateException if {@link #initialise} was not called
   */
  void restore(OptimizerState state);
}
