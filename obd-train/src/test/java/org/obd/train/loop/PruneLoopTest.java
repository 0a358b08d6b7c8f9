package org.obd.train.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.obd.core.Dataset;
import org.obd.core.HessianDiagonal;
import org.obd.core.Loss;
import org.obd.core.Model;
import org.obd.core.Network;
import org.obd.core.Objective;
import org.obd.saliency.ConfiguredStrategy;
import org.obd.saliency.PrunerConfig;
import org.obd.saliency.SaliencyContext;
import org.obd.saliency.Strategies;

class PruneLoopTest {

  private static final Dataset TRAIN = Fixtures.digits(0, 300);
  private static final Dataset VALIDATION = Fixtures.digits(300, 400);
  private static final Dataset TEST = Fixtures.digits(400, 500);
  private static final Network NET = Fixtures.conv();
  private static final Objective OBJECTIVE =
      Fixtures.objective(NET, Loss.SOFTMAX_CROSS_ENTROPY, true);
  private static final TrainingConfig RETRAIN =
      Fixtures.config("adam", Map.of("learning-rate", 0.01), 32, 2, null, null, 1);
  private static final Model TRAINED =
      Fixtures.trainer(OBJECTIVE, Fixtures.config("lbfgs", Map.of(), 32, 40, null, null, 100),
              TRAIN, null, 1)
          .train(Fixtures.start(NET, 2), null, TrainingListener.NONE)
          .model();

  private static ConfiguredStrategy strategy(String name, Map<String, Object> options) {
    return Strategies.load(List.of()).create(name, options);
  }

  private static PruningConfig config(
      PrunerConfig step, double target, Double budget, Integer maxSteps) {
    return new PruningConfig(null, step, target, budget, null, null, "exact", maxSteps);
  }

  private static PruneLoop loop(PruningConfig c) {
    return new PruneLoop(OBJECTIVE, c, HessianDiagonal.builtins(), TRAIN, VALIDATION, TEST, true,
        11);
  }

  private static PruneLoop.Retrainer retrainer() {
    return (pruned, step, epochs, resume, l) ->
        Fixtures.trainer(OBJECTIVE, RETRAIN.withEpochs(epochs), TRAIN, VALIDATION, 100 + step)
            .train(pruned, resume, l);
  }

  @Test
  void aSequenceRecordsEveryStepUpToTheTargetWithoutOvershooting() {
    PruneLoop.Sequence s =
        loop(config(PrunerConfig.fraction(0.25), 0.5, null, null))
            .run("obd", strategy("obd", Map.of()), 5, TRAINED, null, RETRAIN.epochs(), null, null,
                new PruneLoop.Listener() {});
    List<StepRecord> r = s.records();
    int p = NET.parameterCount();
    assertEquals(PruneLoop.Stop.TARGET, s.stop());
    assertEquals(0, r.get(0).step());
    assertTrue(Double.isNaN(r.get(0).predictedDelta()));
    assertEquals(p, r.get(0).remaining());
    assertEquals(
        (int) Math.ceil(0.5 * p), s.model().mask().deletedCount(), "the last step is cut");
    for (int i = 1; i < r.size(); i++) {
      StepRecord x = r.get(i);
      assertEquals(i, x.step());
      assertEquals(r.get(i - 1).remaining() - x.deleted(), x.remaining());
      assertEquals((double) (p - x.remaining()) / p, x.fractionDeleted());
      assertTrue(Double.isFinite(x.predictedDelta()) && x.predictedDelta() >= 0,
          "obd predicts a rise: " + x);
      assertEquals(r.get(i - 1).trainObjective(), x.objectiveBefore(),
          "without retraining, E before a step is E after the one before");
      assertEquals(x.trainObjective() - x.objectiveBefore(), x.actualDelta(), 1e-15,
          "without retraining, the actual change is E after minus E before");
      assertEquals("", x.retrainStop());
    }
    PruneLoop.Sequence m =
        loop(config(PrunerConfig.fraction(0.25), 0.5, null, null))
            .run("magnitude", strategy("magnitude", Map.of()), 5, TRAINED, null, RETRAIN.epochs(), null, null,
                new PruneLoop.Listener() {});
    assertTrue(Double.isNaN(m.records().get(1).predictedDelta()), "magnitude predicts nothing");
  }

  /** The models after each step of a sequence, step 0 first. */
  private static List<Model> models(
      PruningConfig c, String name, PruneLoop.Retrainer retrainer, List<StepRecord> records) {
    List<Model> models = new ArrayList<>();
    records.addAll(
        loop(c).run(name, strategy(name, Map.of()), 5, TRAINED, retrainer, RETRAIN.epochs(), null, null,
                new PruneLoop.Listener() {
                  @Override
                  public void checkpoint(SequenceState state) {
                    if (state.stop() == null) {
                      models.add(state.model());
                    }
                  }
                })
            .records());
    return models;
  }

  @Test
  void withoutRescoringEveryStepDeletesTheNextOfTheTrainedNetworksRanking() {
    PruningConfig every = config(PrunerConfig.fraction(0.2), 0.7, null, null);
    PruningConfig once = every.withRescore(false);
    assertTrue(every.rescore(), "rescoring is the default");
    double[] first =
        strategy("obd", Map.of())
            .scores(SaliencyContext.of(TRAINED, OBJECTIVE, TRAIN, 5, HessianDiagonal.builtins()));
    List<Integer> ranking = new ArrayList<>();
    for (int k = 0; k < NET.parameterCount(); k++) {
      if (!NET.isBias(k)) {
        ranking.add(k);
      }
    }
    ranking.sort(Comparator.<Integer>comparingDouble(k -> first[k]).thenComparingInt(k -> k));
    List<StepRecord> onceRecords = new ArrayList<>();
    List<Model> onceModels = models(once, "obd", null, onceRecords);
    assertTrue(onceModels.size() >= 4, "several steps: " + onceModels.size());
    double predicted = 0;
    for (int i = 1; i < onceModels.size(); i++) {
      Model m = onceModels.get(i);
      int n = m.mask().deletedCount();
      assertEquals(
          new TreeSet<>(ranking.subList(0, n)),
          new TreeSet<>(Arrays.stream(m.mask().deletedIndices()).boxed().toList()),
          "step " + i + " deleted the " + n + " weights ranked lowest on the trained network");
      double sum = 0;
      for (int k : ranking.subList(0, n)) {
        sum += first[k];
      }
      predicted += onceRecords.get(i).predictedDelta();
      assertEquals(sum, predicted, 1e-12 * Math.abs(sum),
          "the predicted changes add up to the trained network's saliencies of what is deleted");
      assertEquals(m.mask().deletedCount(), onceRecords.get(i).fractionDeleted()
          * NET.parameterCount(), 1e-9);
    }
    List<StepRecord> everyRecords = new ArrayList<>();
    List<Model> everyModels = models(every, "obd", null, everyRecords);
    assertEquals(onceModels.size(), everyModels.size());
    assertArrayEquals(
        onceModels.get(1).mask().deletedIndices(), everyModels.get(1).mask().deletedIndices(),
        "the first step is the same either way");
    assertFalse(
        Arrays.equals(
            onceModels.get(onceModels.size() - 1).mask().deletedIndices(),
            everyModels.get(everyModels.size() - 1).mask().deletedIndices()),
        "rescoring after each deletion ranks differently");
    PruningConfig shortOnce = config(PrunerConfig.fraction(0.3), 0.5, null, null);
    List<StepRecord> a = new ArrayList<>();
    List<StepRecord> b = new ArrayList<>();
    List<Model> with = models(shortOnce, "obd", retrainer(), a);
    List<Model> withOnce = models(shortOnce.withRescore(false), "obd", retrainer(), b);
    assertEquals(
        a.stream().map(StepRecord::withoutTime).toList(),
        b.stream().map(StepRecord::withoutTime).toList(),
        "the sequence with retraining always scores again");
    assertArrayEquals(
        with.get(with.size() - 1).parameters(), withOnce.get(withOnce.size() - 1).parameters());
  }

  @Test
  void aRankOnceSequenceResumedFromAnyStepGivesTheSameRecords() {
    PruningConfig c = config(PrunerConfig.fraction(0.25), 0.7, null, null).withRescore(false);
    List<SequenceState> states = new ArrayList<>();
    PruneLoop.Sequence whole =
        loop(c).run("obd", strategy("obd", Map.of()), 5, TRAINED, null, RETRAIN.epochs(), null, null,
            new PruneLoop.Listener() {
              @Override
              public void checkpoint(SequenceState state) {
                states.add(state);
              }
            });
    List<StepRecord> expected = whole.records().stream().map(StepRecord::withoutTime).toList();
    for (int i = 1; i < states.size() - 1; i++) {
      PruneLoop.Sequence r =
          loop(c).run("obd", strategy("obd", Map.of()), 5, TRAINED, null, RETRAIN.epochs(), states.get(i), null,
              new PruneLoop.Listener() {});
      assertEquals(expected, r.records().stream().map(StepRecord::withoutTime).toList());
    }
  }

  @Test
  void retrainingKeepsDeletionsAndRecoversTheObjective() {
    PruningConfig c = config(PrunerConfig.fraction(0.3), 0.6, null, null);
    PruneLoop.Sequence without =
        loop(c).run("magnitude", strategy("magnitude", Map.of()), 5, TRAINED, null, RETRAIN.epochs(), null, null,
            new PruneLoop.Listener() {});
    PruneLoop.Sequence with =
        loop(c).run("magnitude", strategy("magnitude", Map.of()), 5, TRAINED, retrainer(), RETRAIN.epochs(), null, null,
            new PruneLoop.Listener() {});
    assertEquals(without.records().size(), with.records().size());
    StepRecord a = without.records().get(without.records().size() - 1);
    StepRecord b = with.records().get(with.records().size() - 1);
    assertEquals(a.remaining(), b.remaining());
    assertTrue(b.trainObjective() < a.trainObjective(), "retraining lowers E: " + a + " " + b);
    assertEquals(StopReason.MAX_EPOCHS.configName(), b.retrainStop());
    for (int k : with.model().mask().deletedIndices()) {
      assertEquals(0.0, with.model().parameter(k));
    }
  }

  @Test
  void descriptionLengthStopsByItsOwnRule() {
    PruningConfig c =
        config(PrunerConfig.fraction(0.5).withIncludeBiases(true), 1.0, null, 40);
    PruneLoop.Sequence s =
        loop(c).run("description-length", strategy("description-length", Map.of("prior-precision", 1.0)), 5, TRAINED, null, RETRAIN.epochs(), null, null,
            new PruneLoop.Listener() {});
    assertEquals(PruneLoop.Stop.STRATEGY_RULE, s.stop(), s.records().toString());
    assertTrue(s.model().mask().remaining() > 0);
  }

  @Test
  void theValidationBudgetStopsTheSequence() {
    PruneLoop.Sequence s =
        loop(config(PrunerConfig.fraction(0.3), 0.95, 0.05, null))
            .run("random", strategy("random", Map.of()), 5, TRAINED, null, RETRAIN.epochs(), null, null,
                new PruneLoop.Listener() {});
    assertEquals(PruneLoop.Stop.VALIDATION_BUDGET, s.stop());
    List<StepRecord> r = s.records();
    double base = r.get(0).validationObjective();
    assertTrue(r.get(r.size() - 1).validationObjective() > 1.05 * base);
    for (int i = 1; i < r.size() - 1; i++) {
      assertTrue(r.get(i).validationObjective() <= 1.05 * base);
    }
  }

  @Test
  void perLayerScopeDeletesFromEveryLayer() {
    PruneLoop.Sequence s =
        loop(config(PrunerConfig.fraction(0.5).withScope(PrunerConfig.Scope.PER_LAYER), 0.9, null,
                1))
            .run("obd", strategy("obd", Map.of()), 5, TRAINED, null, RETRAIN.epochs(), null, null,
                new PruneLoop.Listener() {});
    assertEquals(PruneLoop.Stop.MAX_STEPS, s.stop());
    int[] perLayer = new int[NET.layers().size()];
    for (int k : s.model().mask().deletedIndices()) {
      perLayer[NET.blockOf(k).layer()]++;
    }
    assertEquals(14, perLayer[0], "half of conv's 27 weights, rounded");
    assertEquals(135, perLayer[3], "half of dense's 270 weights");
  }

  @Test
  void aSequenceResumedFromAnyStepGivesTheSameRecords() {
    PruningConfig c = config(PrunerConfig.fraction(0.3), 0.7, null, null);
    List<SequenceState> states = new ArrayList<>();
    List<TrainerState> retrainStates = new ArrayList<>();
    List<SequenceState> before = new ArrayList<>();
    PruneLoop.Sequence whole =
        loop(c).run("obd", strategy("obd", Map.of()), 5, TRAINED, retrainer(), RETRAIN.epochs(), null, null,
            new PruneLoop.Listener() {
              @Override
              public void checkpoint(SequenceState state) {
                states.add(state);
              }

              @Override
              public void retrainCheckpoint(SequenceState b, TrainerState t) {
                before.add(b);
                retrainStates.add(t);
              }
            });
    assertFalse(retrainStates.isEmpty(), "retraining checkpoints every epoch");
    List<StepRecord> expected = whole.records().stream().map(StepRecord::withoutTime).toList();
    for (int i = 0; i < states.size(); i += 2) {
      PruneLoop.Sequence r =
          loop(c).run("obd", strategy("obd", Map.of()), 5, TRAINED, retrainer(), RETRAIN.epochs(), states.get(i), null,
              new PruneLoop.Listener() {});
      assertEquals(expected, r.records().stream().map(StepRecord::withoutTime).toList());
      assertArrayEquals(whole.model().parameters(), r.model().parameters());
    }
    PruneLoop.Sequence mid =
        loop(c).run("obd", strategy("obd", Map.of()), 5, TRAINED, retrainer(), RETRAIN.epochs(), before.get(0),
            retrainStates.get(0), new PruneLoop.Listener() {});
    assertEquals(expected, mid.records().stream().map(StepRecord::withoutTime).toList(),
        "resumed in the middle of a retraining");
  }

  /** The most epochs each step's retraining was given, by step. */
  private static Map<Integer, Integer> retrainingBudgets(RetrainingBudget budget, int count) {
    int wanted = 2 * count + count / 4;
    PruningConfig c =
        new PruningConfig(null, PrunerConfig.count(count), (double) wanted / NET.parameterCount(),
            null, Retrain.WITH, null, RETRAIN, budget, "exact", null);
    Map<Integer, Integer> budgets = new java.util.TreeMap<>();
    PruneLoop.Sequence s =
        loop(c).run("magnitude", strategy("magnitude", Map.of()), 5, TRAINED, retrainer(), 8,
            null, null,
            new PruneLoop.Listener() {
              @Override
              public void retrainEpoch(int step, EpochRecord r, int max, double seconds) {
                budgets.merge(step, max, (a, b) -> a.equals(b) ? a : -1);
              }
            });
    assertEquals(wanted, s.model().mask().deletedCount(), "the last step is cut to the target");
    return budgets;
  }

  @Test
  void underTheDeletionsBudgetAStepRetrainsInProportionToTheShareOfWhatRemainedItDeleted() {
    int count = 20;
    assertEquals(Map.of(1, 8, 2, 8, 3, 8), retrainingBudgets(RetrainingBudget.STEP, count),
        "every step retrains for retraining.epochs");
    int n = PruneLoop.eligible(TRAINED, false);
    double first = (double) count / n;
    // the first step gets retraining.epochs; the second deletes as many of fewer; the third,
    // cut to the target, deletes 5 of n - 40
    assertEquals(
        Map.of(1, 8,
            2, (int) Math.ceil(8.0 * count / (n - count) / first - 1e-9),
            3, (int) Math.ceil(8.0 * 5 / (n - 2 * count) / first - 1e-9)),
        retrainingBudgets(RetrainingBudget.DELETIONS, count));
    assertTrue(Math.ceil(8.0 * count / (n - count) / first - 1e-9) > 8, "the test can tell");
  }

  @Test
  void theDeletionsBudgetRoundsUpAndNeverFallsToZero() {
    assertEquals(150, RetrainingBudget.STEP.epochs(150, 3, 2414, 0.1));
    assertEquals(150, RetrainingBudget.DELETIONS.epochs(150, 242, 2420, 0.1), "a first step");
    assertEquals(2, RetrainingBudget.DELETIONS.epochs(150, 3, 2420, 0.1), "ceil(150 * 3 / 242)");
    assertEquals(1, RetrainingBudget.DELETIONS.epochs(150, 1, 100_000, 0.1), "at least one");
    assertEquals(750, RetrainingBudget.DELETIONS.epochs(150, 242, 484, 0.1), "5 x as large a share");
    assertEquals(150, RetrainingBudget.DELETIONS.epochs(150, 50, 500, 0.1), "a fraction step");
    assertEquals(Integer.MAX_VALUE,
        RetrainingBudget.DELETIONS.epochs(Integer.MAX_VALUE, 5, 10, 0.01), "no overflow");
  }
}
