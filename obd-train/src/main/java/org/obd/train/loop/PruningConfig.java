package org.obd.train.loop;

import java.util.List;
import org.obd.saliency.PrunerConfig;
import org.obd.train.config.Check;
import org.obd.train.config.Doc;

/**
 * The {@code pruning:} block of an experiment: which strategies to compare (each from the same
 * trained network), how much one step deletes, when to stop, and whether to retrain.
 *
 * <p>A sequence of steps runs per strategy and per retraining mode. Each step scores the current
 * model, deletes, measures the actual change of the objective, retrains (in the retraining
 * sequence) and records a {@link StepRecord}. A sequence stops at the first of: {@code target}
 * (the fraction of all parameters deleted), the validation budget, the strategy's own rule
 * ({@code description-length}: no deletion shortens the description), nothing left to delete, or
 * {@code max-steps}.
 *
 * @param strategies the saliency strategies, each with its options
 * @param step how many parameters one step deletes and among which
 * @param target stop once this fraction of all parameters is deleted, in (0, 1]
 * @param validationBudget stop once the validation objective exceeds the unpruned network's by
 *     this relative amount (0.1 = 10%); null: off
 * @param retrain the sequences to run: {@code without}, {@code with} retraining, or {@code both}
 * @param rescore whether the sequence without retraining scores the network again before every
 *     step ({@code true}, the default) or ranks its parameters once, on the trained network, and
 *     deletes increasing fractions by that one ranking ({@code false}: OBD's Fig. 1); the sequence
 *     with retraining always scores again after each retraining
 * @param retraining how to retrain after each step; null: as {@code training:}
 * @param retrainingBudget how many of {@code retraining.epochs} a step retrains for: all of them
 *     after every step ({@link RetrainingBudget#STEP}, the default), or in proportion to the share
 *     of the remaining parameters the step deleted ({@link RetrainingBudget#DELETIONS})
 * @param diagnosticHessian the Hessian-diagonal method whose negative entries each step counts
 * @param maxSteps the most steps per sequence; null: no limit
 */
public record PruningConfig(
    @Doc("saliency strategies to compare, each from the same trained network: `name`, `options`")
        List<Choice> strategies,
    @Doc("one step: `fraction` (of the eligible parameters that remain) or `count`, `scope`"
            + " (`global` or `per-layer`), `include-biases`")
        PrunerConfig step,
    @Doc("stop once this fraction of all parameters is deleted, in (0, 1]") Double target,
    @Doc("stop once the validation objective exceeds the unpruned network's by this relative"
            + " amount (0.1 = 10%); unset: off")
        Double validationBudget,
    @Doc("sequences to run per strategy: `without` retraining, `with` retraining after each step,"
            + " or `both`")
        Retrain retrain,
    @Doc("whether the sequence without retraining scores the network again before every step"
            + " (`true`) or ranks once, on the trained network, and deletes increasing fractions"
            + " by that one ranking (`false`, as OBD's Fig. 1; `obs` still compensates at each"
            + " step); the sequence with retraining always scores again")
        Boolean rescore,
    @Doc("how to retrain after each step, as `training:`; unset: the `training:` block")
        TrainingConfig retraining,
    @Doc("how long each step retrains: `step` (`retraining.epochs` after every step) or"
            + " `deletions` (in proportion to the share of the remaining parameters the step"
            + " deleted, `retraining.epochs` being the first full step's: fixed-count steps retrain"
            + " longer as the network shrinks, description-length's steps of a few weights briefly)")
        RetrainingBudget retrainingBudget,
    @Doc("the Hessian-diagonal method whose negative entries each step counts (a diagnostic)")
        String diagnosticHessian,
    @Doc("the most steps per sequence; unset: no limit") Integer maxSteps) {

  /** The default strategies: OBD, the magnitude baseline and the random baseline. */
  public static final List<Choice> DEFAULT_STRATEGIES =
      List.of(Choice.of("obd"), Choice.of("magnitude"), Choice.of("random"));

  /** The default step: a tenth of the remaining weights, ranked globally. */
  public static final PrunerConfig DEFAULT_STEP = PrunerConfig.fraction(0.1);

  /** The default target fraction deleted. */
  public static final double DEFAULT_TARGET = 0.9;

  /** The default diagnostic method. */
  public static final String DEFAULT_DIAGNOSTIC_HESSIAN = "exact";

  /** Fills defaults and checks ranges, naming the key. */
  public PruningConfig {
    strategies =
        List.copyOf(Check.nonEmpty("strategies", strategies == null ? DEFAULT_STRATEGIES : strategies));
    step = step == null ? DEFAULT_STEP : step;
    target = target == null ? DEFAULT_TARGET : target;
    if (!(target > 0 && target <= 1)) {
      throw org.obd.train.config.ConfigException.invalid(
          "target", "must be in (0, 1], found " + target);
    }
    validationBudget = Check.positive("validation-budget", validationBudget);
    retrain = retrain == null ? Retrain.BOTH : retrain;
    rescore = rescore == null ? Boolean.TRUE : rescore;
    retrainingBudget = retrainingBudget == null ? RetrainingBudget.STEP : retrainingBudget;
    diagnosticHessian = diagnosticHessian == null ? DEFAULT_DIAGNOSTIC_HESSIAN : diagnosticHessian;
    maxSteps = Check.positive("max-steps", maxSteps);
  }

  /** The config with {@code rescore} and {@code retraining-budget} at their defaults. */
  public PruningConfig(
      List<Choice> strategies,
      PrunerConfig step,
      Double target,
      Double validationBudget,
      Retrain retrain,
      TrainingConfig retraining,
      String diagnosticHessian,
      Integer maxSteps) {
    this(strategies, step, target, validationBudget, retrain, null, retraining, null,
        diagnosticHessian, maxSteps);
  }

  /** The defaults. */
  public static PruningConfig defaults() {
    return new PruningConfig(null, null, null, null, null, null, null, null, null, null);
  }

  /** The same config with {@code rescore} set. */
  public PruningConfig withRescore(boolean rescore) {
    return new PruningConfig(strategies, step, target, validationBudget, retrain, rescore,
        retraining, retrainingBudget, diagnosticHessian, maxSteps);
  }

  /** The same config comparing {@code strategies} instead. */
  public PruningConfig withStrategies(List<Choice> strategies) {
    return new PruningConfig(strategies, step, target, validationBudget, retrain, rescore,
        retraining, retrainingBudget, diagnosticHessian, maxSteps);
  }

  /** The retraining config: {@code retraining}, or {@code training} when unset. */
  public TrainingConfig retrainingOr(TrainingConfig training) {
    return retraining == null ? training : retraining;
  }
}
