package org.obd.train.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.obd.core.Dataset;
import org.obd.core.Loss;
import org.obd.core.Mask;
import org.obd.core.Model;
import org.obd.core.Network;
import org.obd.core.Objective;

class TrainerTest {

  private static final Dataset TRAIN = Fixtures.digits(0, 400);
  private static final Dataset VALIDATION = Fixtures.digits(400, 520);

  private static TrainResult train(
      Network net, TrainingConfig c, Dataset validation, boolean parallel, Model start) {
    return Fixtures.trainer(
            Fixtures.objective(net, Loss.SOFTMAX_CROSS_ENTROPY, parallel), c, TRAIN, validation, 7)
        .train(start, null, TrainingListener.NONE);
  }

  @Test
  void sgdLowersTheObjectiveAndTheSameSeedGivesTheSameBits() {
    Network net = Fixtures.dense();
    TrainingConfig c = Fixtures.config("sgd", Map.of("learning-rate", 0.1), 16, 6, null, null, 5);
    TrainResult a = train(net, c, VALIDATION, true, Fixtures.start(net, 3));
    TrainResult b = train(net, c, VALIDATION, true, Fixtures.start(net, 3));
    List<EpochRecord> h = a.history();
    assertEquals(7, h.size(), "epoch 0 and six epochs");
    assertTrue(h.get(6).trainObjective() < 0.5 * h.get(0).trainObjective(), h.toString());
    assertEquals(StopReason.MAX_EPOCHS, a.reason());
    assertEquals(6 * 25, a.steps(), "25 minibatches of 16 per epoch");
    assertArrayEquals(a.model().parameters(), b.model().parameters());
    assertEquals(a.history(), b.history());
    TrainResult other =
        Fixtures.trainer(Fixtures.objective(net, Loss.SOFTMAX_CROSS_ENTROPY, true), c, TRAIN,
                VALIDATION, 8)
            .train(Fixtures.start(net, 3), null, TrainingListener.NONE);
    assertTrue(
        !java.util.Arrays.equals(a.model().parameters(), other.model().parameters()),
        "another seed shuffles differently");
  }

  /** Full-batch passes of 1,200 rows run on both cores; the result may not depend on it. */
  @Test
  void threadsDoNotChangeTheResult() {
    Network net = Fixtures.conv();
    Dataset train = Fixtures.digits(0, 1200);
    TrainingConfig c = Fixtures.config("lbfgs", Map.of(), 32, 6, null, null, 5);
    TrainResult[] r = new TrainResult[2];
    for (int i = 0; i < 2; i++) {
      r[i] =
          Fixtures.trainer(Fixtures.objective(net, Loss.SOFTMAX_CROSS_ENTROPY, i == 0), c, train,
                  null, 7)
              .train(Fixtures.start(net, 3), null, TrainingListener.NONE);
    }
    assertArrayEquals(r[0].model().parameters(), r[1].model().parameters());
    assertEquals(r[0].history(), r[1].history());
  }

  @Test
  void lbfgsDrivesTheGradientNormBelowTheTolerance() {
    Network net = Fixtures.dense();
    Objective o = Fixtures.objective(net, Loss.MSE, true).withL2(org.obd.core.L2.weights(1e-3));
    TrainingConfig c = Fixtures.config("lbfgs", Map.of(), 32, 3000, 1e-6, null, 100);
    TrainResult r =
        Fixtures.trainer(o, c, TRAIN, null, 7).train(Fixtures.start(net, 3), null,
            TrainingListener.NONE);
    assertEquals(StopReason.GRADIENT_TOLERANCE, r.reason(), r.message());
    assertTrue(r.gradientNorm() < 1e-6, r.message());
    assertTrue(r.message().startsWith("converged after " + r.epochs() + " epochs"), r.message());
    double[] g = o.gradient(r.model(), TRAIN);
    double n = 0;
    for (double v : g) {
      n += v * v;
    }
    assertEquals(r.gradientNorm(), Math.sqrt(n), 1e-15, "the reported norm is the model's");
    for (int i = 1; i < r.history().size(); i++) {
      assertTrue(
          r.history().get(i).trainObjective() <= r.history().get(i - 1).trainObjective(),
          "L-BFGS's line search never raises E: epoch " + i);
    }
  }

  @Test
  void patienceKeepsTheBestEpoch() {
    Network net = Fixtures.dense();
    Dataset small = Fixtures.digits(0, 60);
    TrainingConfig c = Fixtures.config("adam", Map.of("learning-rate", 0.05), 4, 60, null, 3, 5);
    Objective o = Fixtures.objective(net, Loss.SOFTMAX_CROSS_ENTROPY, true);
    TrainResult r =
        Fixtures.trainer(o, c, small, VALIDATION, 7).train(Fixtures.start(net, 3), null,
            TrainingListener.NONE);
    assertEquals(StopReason.PATIENCE, r.reason(), r.message());
    double best = Double.POSITIVE_INFINITY;
    int bestEpoch = -1;
    for (EpochRecord e : r.history()) {
      if (e.validationObjective() < best) {
        best = e.validationObjective();
        bestEpoch = e.epoch();
      }
    }
    assertTrue(bestEpoch < r.epochs(), "stopped after the best epoch");
    assertEquals(r.epochs() - bestEpoch, 3, "three epochs without improvement");
    assertEquals(best, r.validationObjective());
    assertEquals(best, o.value(r.model(), VALIDATION), "the best weights are restored");
    assertTrue(r.message().contains("kept epoch " + bestEpoch), r.message());
  }

  @Test
  void divergenceStopsNamingTheEpochAndStepAndKeepsTheLastGoodWeights() {
    Network net = Fixtures.dense();
    TrainingConfig c = Fixtures.config("sgd", Map.of("learning-rate", 1e3), 16, 5, null, null, 5);
    Objective o = Fixtures.objective(net, Loss.MSE, true);
    TrainResult r =
        Fixtures.trainer(o, c, TRAIN, null, 7).train(Fixtures.start(net, 3), null,
            TrainingListener.NONE);
    assertEquals(StopReason.DIVERGED, r.reason(), r.message());
    assertTrue(r.message().matches("training diverged in epoch \\d+(, step \\d+ of \\d+)?: .*"),
        r.message());
    assertTrue(r.message().contains("lower the learning rate of sgd"), r.message());
    for (double v : r.model().parameters()) {
      assertTrue(Double.isFinite(v));
    }
    assertTrue(Double.isFinite(o.value(r.model(), TRAIN)));
  }

  @Test
  void resumingFromACheckpointGivesTheSameBits() {
    Network net = Fixtures.conv();
    TrainingConfig c =
        Fixtures.config("sgd", Map.of("learning-rate", 0.05, "momentum", 0.9), 16, 7, null, 4, 2);
    Objective o = Fixtures.objective(net, Loss.SOFTMAX_CROSS_ENTROPY, true);
    Model start = Fixtures.start(net, 3);
    List<TrainerState> saved = new ArrayList<>();
    TrainResult whole =
        Fixtures.trainer(o, c, TRAIN, VALIDATION, 7).train(start, null, new TrainingListener() {
          @Override
          public void checkpoint(TrainerState state) {
            saved.add(state);
          }
        });
    assertEquals(List.of(2, 4, 6), saved.stream().map(TrainerState::epoch).toList());
    for (TrainerState s : saved) {
      TrainResult resumed = Fixtures.trainer(o, c, TRAIN, VALIDATION, 7).train(start, s,
          TrainingListener.NONE);
      assertArrayEquals(whole.model().parameters(), resumed.model().parameters(),
          "resumed after epoch " + s.epoch());
      assertEquals(whole.history(), resumed.history());
      assertEquals(whole.steps(), resumed.steps());
    }
  }

  @Test
  void everyOptimizerKeepsDeletedParametersAtZero() {
    Network net = Fixtures.dense();
    Model start = Fixtures.start(net, 3);
    java.util.SplittableRandom random = new java.util.SplittableRandom(5);
    List<Integer> deleted = new ArrayList<>();
    for (int k = 0; k < net.parameterCount(); k++) {
      if (random.nextDouble() < 0.3) {
        deleted.add(k);
      }
    }
    Mask mask = Mask.of(net.parameterCount(), deleted.stream().mapToInt(i -> i).toArray());
    Model masked = start.withMask(mask);
    for (String opt : List.of("sgd", "sdlm", "adam", "lbfgs")) {
      TrainingConfig c = Fixtures.config(opt, Map.of(), 16, 3, null, null, 5);
      TrainResult r = train(net, c, null, true, masked);
      assertEquals(mask, r.model().mask(), opt);
      for (int k : mask.deletedIndices()) {
        assertEquals(0.0, r.model().parameter(k), opt + ": parameter " + k);
      }
      assertTrue(r.trainObjective() < r.history().get(0).trainObjective(), opt + " descends");
    }
  }

  @Test
  void patienceWithoutValidationDataIsAnError() {
    Network net = Fixtures.dense();
    TrainingConfig c = Fixtures.config("sgd", Map.of(), 16, 3, null, 2, 5);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class,
            () -> Fixtures.trainer(Fixtures.objective(net, Loss.MSE, true), c, TRAIN,
                Fixtures.digits(0, 0), 7));
    assertTrue(e.getMessage().startsWith("patience needs a validation set"), e.getMessage());
  }
}
