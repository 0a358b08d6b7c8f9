package org.obd.testkit.optim;

import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.obd.core.Descriptor;
import org.obd.core.Mask;
import org.obd.train.optim.Optimizer;

/**
 * The contract every optimizer honours, as JUnit 5 tests and jqwik properties an optimizer's test
 * class inherits:
 *
 * <pre>{@code
 * class MyOptimizerContractTest extends OptimizerContract {
 *   protected Descriptor<?, ? extends Optimizer> descriptor() { return MyOptimizer.DESCRIPTOR; }
 *   protected Map<String, Object> quadraticOptions() { return Map.of("learning-rate", 0.1); }
 * }
 * }</pre>
 *
 * <p>It checks ({@link OptimizerChecks} has each check on its own):
 *
 * <ul>
 *   <li>a well-formed declaration whose defaults map back onto themselves;
 *   <li>after {@code initialise(n)} the state is named after the declaration, its vectors have
 *       {@code n} entries, and all its entries are 0; {@code reset()} returns to it;
 *   <li><b>descent</b>: on a {@link QuadraticProblem} of 20 parameters (condition number 10),
 *       with {@link #quadraticOptions()}, {@link #quadraticSteps()} steps bring {@code E − E*} to
 *       at most {@link #quadraticGap()} times its start, with no parameter deleted and with five
 *       deleted ({@code E*} then the least value with them at 0); each step returns {@code E}
 *       before the step;
 *   <li><b>masks</b> (property, 100 seeded schedules of up to 25 steps with deletions between
 *       them): after every step the deleted entries of {@code θ} and of every state vector are
 *       exactly {@code +0.0} ({@code -0.0} is rejected: see {@link OptimizerChecks}), the others
 *       finite;
 *   <li><b>determinism</b> (property): two fresh instances agree bit for bit, step by step;
 *   <li><b>state round trip</b> (property): a snapshot restored into a fresh instance continues
 *       bit for bit, and the snapshot is a copy;
 *   <li>{@code restore} errors name what was expected.
 * </ul>
 *
 * <p>The properties run with {@link #options()} on {@link QuadraticProblem}s of 2 to 20
 * parameters; objectives are reused while the mask is unchanged, as a trainer would.
 */
public abstract class OptimizerContract {

  /** The optimizer's declaration (its {@code DESCRIPTOR} constant). */
  protected abstract Descriptor<?, ? extends Optimizer> descriptor();

  /** The options block of the properties; empty (all defaults) unless overridden. */
  protected Map<String, Object> options() {
    return Map.of();
  }

  /**
   * The options block of the descent check, suited to a quadratic with Hessian eigenvalues in
   * [1, 10] (e.g. a learning rate below 0.2 for plain gradient descent); {@link #options()}
   * unless overridden.
   */
  protected Map<String, Object> quadraticOptions() {
    return options();
  }

  /** Steps of the descent check; 2000 unless overridden. */
  protected int quadraticSteps() {
    return 2000;
  }

  /** The gap {@code (E − E*) / (E(θ₀) − E*)} the descent check requires; 1e-6 unless overridden. */
  protected double quadraticGap() {
    return 1e-6;
  }

  private Optimizer create() {
    return descriptor().create(options());
  }

  @Test
  void declarationIsWellFormedAndDefaultsRoundTrip() {
    OptimizerChecks.checkDeclaration(descriptor(), options());
    OptimizerChecks.checkDeclaration(descriptor(), quadraticOptions());
  }

  @Test
  void initialStateIsZeroAndResetRestoresIt() {
    OptimizerChecks.checkInitialStateAndReset(descriptor().name(), this::create, 7);
  }

  @Test
  void descendsOnAConvexQuadratic() {
    QuadraticProblem q = QuadraticProblem.random(20, 20250701L);
    Map<String, Object> o = quadraticOptions();
    OptimizerChecks.checkDescent(
        () -> descriptor().create(o), q, Mask.none(20), quadraticSteps(), quadraticGap());
    OptimizerChecks.checkDescent(
        () -> descriptor().create(o), q, Mask.of(20, 0, 3, 8, 13, 19), quadraticSteps(),
        quadraticGap());
  }

  @Test
  void restoreErrorsNameWhatWasExpected() {
    OptimizerChecks.checkRestoreErrors(this::create);
  }

  @Provide
  Arbitrary<Schedule> schedules() {
    return Schedule.arbitrary();
  }

  @Property(tries = 100, seed = "20250711", edgeCases = EdgeCasesMode.NONE)
  void deletedEntriesStayExactlyZero(@ForAll("schedules") Schedule s) {
    OptimizerChecks.checkMaskInvariance(this::create, s);
  }

  @Property(tries = 100, seed = "20250712", edgeCases = EdgeCasesMode.NONE)
  void freshInstancesAgreeBitForBit(@ForAll("schedules") Schedule s) {
    OptimizerChecks.checkDeterminism(this::create, s);
  }

  @Property(tries = 100, seed = "20250713", edgeCases = EdgeCasesMode.NONE)
  void aRestoredSnapshotContinuesBitForBit(@ForAll("schedules") Schedule s) {
    OptimizerChecks.checkStateRoundTrip(this::create, s);
  }
}
