package org.obd.testkit.optim;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.obd.core.Mask;

/**
 * A check that cannot fail is a defect: each check of {@link OptimizerContract} must reject an
 * optimizer from {@link BrokenOptimizers} that breaks its clause, with a message naming what is
 * wrong.
 *
 * <ul>
 *   <li>masks: momentum whose velocity is not masked, on every schedule that deletes a parameter
 *       after a step; a state vector holding {@code −g} ({@code -0.0} at deleted entries), on
 *       every schedule that deletes anything;
 *   <li>determinism: a rate drawn from a generator shared by all instances;
 *   <li>state round trip: {@code adam} whose snapshot omits its step count, on every schedule
 *       that takes its snapshot after a step and continues with a parameter left;
 *   <li>descent: gradient ascent; a step returning {@code E} after the update;
 *   <li>reset, restore errors: a reset that forgets nothing, a restore that accepts anything.
 * </ul>
 */
class OptimizerCheckRejectionProperties {

  @Provide
  Arbitrary<Schedule> schedules() {
    return Schedule.arbitrary();
  }

  @Property(tries = 100, seed = "20250721", edgeCases = EdgeCasesMode.NONE)
  void unmaskedMomentumIsRejected(@ForAll("schedules") Schedule s) {
    Assume.that(s.deletesAfterAStep());
    requireRejection(
        () -> OptimizerChecks.checkMaskInvariance(BrokenOptimizers.LeakyMomentum::new, s),
        "of deleted parameter");
  }

  @Property(tries = 100, seed = "20250722", edgeCases = EdgeCasesMode.NONE)
  void negativeZeroInTheStateIsRejected(@ForAll("schedules") Schedule s) {
    Assume.that(s.maskAt(s.steps() - 1).deletedCount() > 0);
    requireRejection(
        () -> OptimizerChecks.checkMaskInvariance(BrokenOptimizers.NegatedGradient::new, s),
        "is -0.0, expected exactly +0.0");
  }

  @Property(tries = 100, seed = "20250723", edgeCases = EdgeCasesMode.NONE)
  void sharedRandomnessIsRejected(@ForAll("schedules") Schedule s) {
    Assume.that(s.maskAt(0).remaining() > 0);
    requireRejection(
        () -> OptimizerChecks.checkDeterminism(BrokenOptimizers.SharedRandomness::new, s),
        "is not bit-identical");
  }

  @Property(tries = 100, seed = "20250724", edgeCases = EdgeCasesMode.NONE)
  void aSnapshotWithoutTheStepCountIsRejected(@ForAll("schedules") Schedule s) {
    Assume.that(s.snapshotAfter() > 0 && s.snapshotAfter() < s.steps()
        && s.maskAt(s.snapshotAfter()).remaining() > 0);
    requireRejection(
        () -> OptimizerChecks.checkStateRoundTrip(BrokenOptimizers.ForgetfulAdam::new, s),
        "is not bit-identical");
  }

  @Example
  void ascentAndALateValueAreRejectedByTheDescentCheck() {
    QuadraticProblem q = QuadraticProblem.random(20, 1);
    requireRejection(
        () -> OptimizerChecks.checkDescent(
            BrokenOptimizers.Ascent::new, q, Mask.none(20), 200, 1e-6),
        "E − E* =");
    requireRejection(
        () -> OptimizerChecks.checkDescent(
            BrokenOptimizers.LateValue::new, q, Mask.none(20), 200, 1e-6),
        "step 0 returned E =");
    OptimizerChecks.checkDescent(BrokenOptimizers.Base::new, q, Mask.none(20), 200, 1e-6);
  }

  @Example
  void aResetThatForgetsNothingIsRejected() {
    requireRejection(
        () -> OptimizerChecks.checkInitialStateAndReset(
            "broken", BrokenOptimizers.NoReset::new, 7),
        "after 3 steps and reset()");
    OptimizerChecks.checkInitialStateAndReset("broken", BrokenOptimizers.Base::new, 7);
  }

  @Example
  void aRestoreThatAcceptsAnythingIsRejected() {
    requireRejection(
        () -> OptimizerChecks.checkRestoreErrors(BrokenOptimizers.Credulous::new),
        "restore accepted");
    OptimizerChecks.checkRestoreErrors(BrokenOptimizers.Base::new);
  }

  /** Requires {@code check} to throw an AssertionError whose message contains {@code mention}. */
  static void requireRejection(Runnable check, String mention) {
    try {
      check.run();
    } catch (AssertionError e) {
      if (e.getMessage() == null || !e.getMessage().contains(mention)) {
        throw new AssertionError(
            "the failure message should mention '" + mention + "': " + e.getMessage(), e);
      }
      return;
    }
    throw new AssertionError("the check accepted a broken optimizer (expected: " + mention + ")");
  }
}
