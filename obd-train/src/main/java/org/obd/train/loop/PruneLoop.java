package org.obd.train.loop;

import java.util.ArrayList;
import java.util.List;
import org.obd.core.ConfigNames;
import org.obd.core.Dataset;
import org.obd.core.HessianDiagonal;
import org.obd.core.Mask;
import org.obd.core.Model;
import org.obd.core.Network;
import org.obd.core.Objective;
import org.obd.core.Registry;
import org.obd.saliency.ConfiguredStrategy;
import org.obd.saliency.PruneResult;
import org.obd.saliency.Pruner;
import org.obd.saliency.PrunerConfig;
import org.obd.saliency.SaliencyContext;

/**
 * The prune loop of one strategy from one trained network: steps of score → delete → measure →
 * (retrain) → record, until the {@link PruningConfig}'s stopping rule fires.
 *
 * <p>Each step scores the current model with the strategy (a fresh {@link SaliencyContext} on the
 * training set, so OBD's saliencies are recomputed after every deletion and every retraining) —
 * or, in the sequence without retraining when {@link PruningConfig#rescore()} is false, ranks by
 * the scores of the trained network throughout (OBD's Fig. 1: one ranking, increasing fractions
 * deleted; the strategy still deletes at the current model and predicts the step's change from
 * those first scores) —
 * records the gradient norm and the count of negative {@code h_kk} at scoring time, deletes what
 * the {@link Pruner} selects (the last step is cut so that the target is not overshot in global
 * scope), measures the objective right after the deletion, retrains in the retraining sequence,
 * and measures the objective and accuracy on the training, validation and test sets.
 *
 * <p>All of it is deterministic given the inputs and the seed; a {@link SequenceState} (and a
 * retraining {@link TrainerState}) resumes a sequence bit for bit.
 */
public final class PruneLoop {

  /** Retrains a model after a deletion. */
  public interface Retrainer {
    /**
     * Retrains {@code pruned} (its mask is kept) for at most {@code epochs} epochs after step
     * {@code step} of the sequence, or resumes that retraining from {@code resume}.
     */
    TrainResult retrain(
        Model pruned, int step, int epochs, TrainerState resume, TrainingListener listener);
  }

  /** Receives the records of a sequence and the states to save. All methods default to nothing. */
  public interface Listener {
    /** After each step (and step 0). */
    default void step(StepRecord record) {}

    /** After each step: the state to resume the sequence from. */
    default void checkpoint(SequenceState state) {}

    /** During a step's retraining: the sequence before the step and the retraining's state. */
    default void retrainCheckpoint(SequenceState before, TrainerState retraining) {}

    /** Each epoch of a step's retraining. */
    default void retrainEpoch(int step, EpochRecord record, int maxEpochs, double seconds) {}

    /**
     * A step's scores, before its deletion: {@code scores[k]} for every parameter {@code k} of
     * {@code model} ({@code step} counts from 1; the array must not be kept or changed).
     */
    default void scored(int step, Model model, double[] scores) {}
  }

  /** Why a sequence ended. */
  public enum Stop {
    /** The target fraction was deleted. */
    TARGET,
    /** The validation objective rose past the budget. */
    VALIDATION_BUDGET,
    /** The strategy's own rule deleted nothing (description-length: no deletion pays). */
    STRATEGY_RULE,
    /** No eligible parameter was left. */
    NOTHING_LEFT,
    /** The most steps were run. */
    MAX_STEPS;

    /** The name in records and messages, e.g. {@code validation-budget}. */
    public String configName() {
      return ConfigNames.of(this);
    }

    @Override
    public String toString() {
      return configName();
    }
  }

  /**
   * A finished sequence.
   *
   * @param records step 0 and every step
   * @param model the model after the last step
   * @param stop why it ended
   */
  public record Sequence(List<StepRecord> records, Model model, Stop stop) {
    /** Copies the records. */
    public Sequence {
      records = List.copyOf(records);
    }
  }

  private final Objective objective;
  private final PruningConfig config;
  private final Registry<HessianDiagonal> methods;
  private final HessianDiagonal diagnostic;
  private final Dataset train;
  private final Dataset validation;
  private final Dataset test;
  private final boolean classes;
  private final long seed;

  /**
   * @param objective network, loss and regulariser (the training objective)
   * @param config the pruning block
   * @param methods the Hessian-diagonal methods (strategies and the diagnostic look them up)
   * @param train the training set: scoring and the objective use it
   * @param validation the validation set (may be empty)
   * @param test the test set (may be empty)
   * @param classes whether the targets are classes (accuracy is measured)
   * @param seed the seed of the strategies' random choices
   */
  public PruneLoop(
      Objective objective,
      PruningConfig config,
      Registry<HessianDiagonal> methods,
      Dataset train,
      Dataset validation,
      Dataset test,
      boolean classes,
      long seed) {
    this.objective = objective;
    this.config = config;
    this.methods = methods;
    this.diagnostic = methods.create(config.diagnosticHessian(), null);
    this.train = train;
    this.validation = validation;
    this.test = test;
    this.classes = classes;
    this.seed = seed;
  }

  /**
   * Runs (or resumes) one sequence.
   *
   * @param label what the records call the strategy (its name, or the name and options when a
   *     comparison has the same strategy with different options)
   * @param strategy the strategy
   * @param strategySeed the seed of the strategy's random choices (the same for every step)
   * @param trained the trained network every sequence starts from
   * @param retrainer retrains after each step; null for the sequence without retraining
   * @param epochs {@code retraining.epochs}: the retraining budget of a full step, shared out by
   *     {@link PruningConfig#retrainingBudget()}
   * @param resume the state after the last completed step, or null to start at step 0
   * @param retraining the state of the interrupted retraining of the next step, or null
   */
  public Sequence run(
      String label,
      ConfiguredStrategy strategy,
      long strategySeed,
      Model trained,
      Retrainer retrainer,
      int epochs,
      SequenceState resume,
      TrainerState retraining,
      Listener listener) {
    boolean retrained = retrainer != null;
    Network net = trained.network();
    int p = net.parameterCount();
    Pruner pruner = new Pruner(config.step());
    List<StepRecord> records = new ArrayList<>();
    Model model;
    int step;
    if (resume != null) {
      records.addAll(resume.records());
      model = resume.model();
      step = resume.step();
      if (resume.stop() != null) {
        return new Sequence(records, model, resume.stop());
      }
    } else {
      long t0 = System.nanoTime();
      SaliencyContext c = context(trained, strategySeed);
      Diagnostics d = diagnostics(c);
      Performance tr = Performance.of(objective, trained, train, classes);
      Performance va = Performance.of(objective, trained, validation, classes);
      Performance te = Performance.of(objective, trained, test, classes);
      StepRecord r0 =
          new StepRecord(
              label, retrained, 0, 0, trained.mask().remaining(),
              (double) trained.mask().deletedCount() / p, d.objective(), Double.NaN, Double.NaN,
              d.gradientNorm(), d.negative(), d.share(), tr.objective(), tr.accuracy(),
              va.objective(), va.accuracy(), te.objective(), te.accuracy(), "",
              seconds(t0));
      records.add(r0);
      listener.step(r0);
      model = trained;
      step = 0;
      listener.checkpoint(new SequenceState(0, model, records, null));
    }
    double baseline = records.get(0).validationObjective();
    int wanted = (int) Math.ceil(config.target() * p - 1e-9);
    boolean rankOnce = !retrained && !config.rescore();
    int firstEligible = eligible(trained, config.step().includeBiases());
    double firstShare =
        firstEligible == 0 ? 1.0 : (double) pruner.size(trained) / firstEligible;
    double[] ranking = null;
    while (true) {
      Stop stop = null;
      if (model.mask().deletedCount() >= wanted) {
        stop = Stop.TARGET;
      } else if (config.maxSteps() != null && step >= config.maxSteps()) {
        stop = Stop.MAX_STEPS;
      }
      if (stop != null) {
        listener.checkpoint(new SequenceState(step, model, records, stop));
        return new Sequence(records, model, stop);
      }
      long t0 = System.nanoTime();
      SaliencyContext c = context(model, strategySeed);
      double[] scores;
      if (rankOnce) {
        if (ranking == null) {
          ranking = strategy.scores(model == trained ? c : context(trained, strategySeed));
        }
        scores = ranking;
      } else {
        scores = strategy.scores(c);
      }
      listener.scored(step + 1, model, scores);
      Diagnostics d = diagnostics(c);
      int eligible = eligible(model, config.step().includeBiases());
      if (eligible == 0) {
        listener.checkpoint(new SequenceState(step, model, records, Stop.NOTHING_LEFT));
        return new Sequence(records, model, Stop.NOTHING_LEFT);
      }
      PruneResult r = stepPruner(pruner, model, wanted, eligible).step(strategy, c, scores);
      if (r.deleted().length == 0) {
        listener.checkpoint(new SequenceState(step, model, records, Stop.STRATEGY_RULE));
        return new Sequence(records, model, Stop.STRATEGY_RULE);
      }
      Model after = r.model();
      double actual = objective.value(after, train) - d.objective();
      SequenceState before = new SequenceState(step, model, records, null);
      step++;
      Model next = after;
      String retrainStop = "";
      if (retrained) {
        int thisStep = step;
        TrainResult t =
            retrainer.retrain(
                after, step,
                config.retrainingBudget().epochs(epochs, r.deleted().length, eligible, firstShare),
                retraining,
                new TrainingListener() {
                  @Override
                  public void epoch(EpochRecord e, int maxEpochs, double seconds) {
                    listener.retrainEpoch(thisStep, e, maxEpochs, seconds);
                  }

                  @Override
                  public void checkpoint(TrainerState state) {
                    listener.retrainCheckpoint(before, state);
                  }
                });
        retraining = null;
        next = t.model();
        retrainStop = t.reason().configName();
      }
      Mask mask = next.mask();
      Performance tr = Performance.of(objective, next, train, classes);
      Performance va = Performance.of(objective, next, validation, classes);
      Performance te = Performance.of(objective, next, test, classes);
      StepRecord rec =
          new StepRecord(
              label, retrained, step, r.deleted().length, mask.remaining(),
              (double) mask.deletedCount() / p, d.objective(),
              r.predictedChange().orElse(Double.NaN), actual, d.gradientNorm(), d.negative(),
              d.share(), tr.objective(), tr.accuracy(), va.objective(), va.accuracy(),
              te.objective(), te.accuracy(), retrainStop, seconds(t0));
      records.add(rec);
      listener.step(rec);
      model = next;
      Stop end =
          config.validationBudget() != null
                  && va.objective() > (1 + config.validationBudget()) * baseline
              ? Stop.VALIDATION_BUDGET
              : null;
      listener.checkpoint(new SequenceState(step, model, records, end));
      if (end != null) {
        return new Sequence(records, model, end);
      }
    }
  }

  /** The pruner of this step: the configured one, cut to the target in global scope. */
  private Pruner stepPruner(Pruner pruner, Model model, int wanted, int eligible) {
    PrunerConfig s = config.step();
    if (s.scope() != PrunerConfig.Scope.GLOBAL) {
      return pruner;
    }
    int count =
        s.count() != null
            ? s.count()
            : (int) Math.min(eligible, Math.max(1, Math.round(s.fraction() * eligible)));
    int left = wanted - model.mask().deletedCount();
    if (count <= left && count <= eligible) {
      return pruner;
    }
    return new Pruner(
        new PrunerConfig(s.scope(), null, Math.min(left, eligible), s.includeBiases()));
  }

  /** How many parameters remain that a step may delete. */
  static int eligible(Model model, boolean includeBiases) {
    Network net = model.network();
    int n = 0;
    for (var b : net.blocks()) {
      if (b.bias() && !includeBiases) {
        continue;
      }
      for (int k = b.offset(); k < b.end(); k++) {
        if (!model.mask().isDeleted(k)) {
          n++;
        }
      }
    }
    return n;
  }

  private SaliencyContext context(Model model, long strategySeed) {
    return SaliencyContext.of(model, objective, train, strategySeed, methods);
  }

  /** The objective, gradient norm and negative curvature at scoring time. */
  private record Diagnostics(double objective, double gradientNorm, int negative, double share) {}

  private Diagnostics diagnostics(SaliencyContext c) {
    double e = c.curvature().value();
    double g = c.curvature().gradientNorm();
    double[] h = c.curvature().diagonal(diagnostic, seed);
    Mask mask = c.model().mask();
    int negative = 0;
    for (int k = 0; k < h.length; k++) {
      if (!mask.isDeleted(k) && h[k] < 0) {
        negative++;
      }
    }
    int remaining = mask.remaining();
    return new Diagnostics(e, g, negative, remaining == 0 ? 0.0 : (double) negative / remaining);
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
