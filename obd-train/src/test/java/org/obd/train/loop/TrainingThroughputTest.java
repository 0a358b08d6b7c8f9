package org.obd.train.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.obd.core.Dataset;
import org.obd.core.Descriptor;
import org.obd.core.HessianDiagonal;
import org.obd.core.Loss;
import org.obd.core.Mask;
import org.obd.core.Model;
import org.obd.core.NoOptions;
import org.obd.core.Objective;
import org.obd.core.Registry;
import org.obd.train.bench.BenchNetworks;
import org.obd.train.optim.Optimizer;
import org.obd.train.optim.OptimizerState;
import org.obd.train.optim.Optimizers;
import org.obd.train.optim.StepObjective;

/** What the training-throughput measurement reports and rejects (no timings are asserted). */
class TrainingThroughputTest {

  private static final BenchNetworks NET = BenchNetworks.DENSE_64_30_10;

  private static TrainingThroughput.Result measure(
      Model start, Dataset data, TrainingThroughput.Settings settings) {
    Objective objective = new Objective(start.network(), Loss.SOFTMAX_CROSS_ENTROPY);
    return TrainingThroughput.measure(
        objective, start, data, Optimizers.registry(), HessianDiagonal.builtins(), settings);
  }

  @Test
  void reportsTheStepsOfEveryMinibatchOptimizerWithoutChangingTheModel() {
    Model start = NET.model(0);
    double[] before = start.parameters();
    Dataset data = NET.trainingData(200, 0);
    for (String name : new String[] {"sgd", "sdlm", "adam"}) {
      TrainingThroughput.Result r =
          measure(start, data, new TrainingThroughput.Settings(
              Choice.of(name), 8, 0.02, 5, 3, 0L));
      assertEquals(name, r.optimizer());
      assertEquals(8, r.batchSize());
      assertEquals(200, r.samples());
      assertEquals(1, r.threads());
      assertTrue(r.steps() >= 30 && r.steps() % 10 == 0, r.toString());
      assertTrue(r.samplesPerSecond() > 0 && Double.isFinite(r.samplesPerSecond()), r.toString());
      assertTrue(Double.isFinite(r.objective()), r.toString());
    }
    assertArrayEquals(before, start.parameters());
  }

  @Test
  void aFullBatchOptimizerStepsOnTheWholeSet() {
    TrainingThroughput.Result r =
        measure(NET.model(0), NET.trainingData(50, 0),
            new TrainingThroughput.Settings(Choice.of("lbfgs"), 8, 0.02, 2, 2, 0L));
    assertEquals(50, r.batchSize());
  }

  @Test
  void trainsLikeTheTrainer() {
    // one chunk of 10 steps on 10 rows, batch 1, no warm-up: one epoch of plain SGD in data order
    Model start = NET.model(1);
    Dataset data = NET.trainingData(10, 1);
    TrainingThroughput.Result r =
        measure(start, data, new TrainingThroughput.Settings(Choice.of("sgd"), 1, 1e-9, 0, 1, 0L));
    assertEquals(10, r.steps());
    Objective objective = new Objective(start.network(), Loss.SOFTMAX_CROSS_ENTROPY);
    double[] theta = start.parameters();
    double[] g = new double[theta.length];
    double last = Double.NaN;
    for (int n = 0; n < 10; n++) {
      last = objective.gradient(theta, start.mask(), data.range(n, n + 1), g);
      for (int k = 0; k < theta.length; k++) {
        theta[k] -= 0.01 * g[k];
      }
    }
    assertEquals(last, r.objective(), 0.0);
  }

  @Test
  void badSettingsNameWhatWasExpected() {
    Model start = NET.model(0);
    Dataset data = NET.trainingData(20, 0);
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class,
            () -> measure(start, data, TrainingThroughput.Settings.of("sgdd", 1, 0.01)));
    assertTrue(unknown.getMessage().contains("'sgdd'")
        && unknown.getMessage().contains("sgd, sdlm, adam, lbfgs"), unknown.getMessage());
    IllegalArgumentException option =
        assertThrows(IllegalArgumentException.class,
            () -> measure(start, data, new TrainingThroughput.Settings(
                new Choice("sgd", Map.of("learning-rate", -1.0)), 1, 0.01, 0, 1, 0L)));
    assertTrue(option.getMessage().contains("learning-rate"), option.getMessage());
    IllegalArgumentException big =
        assertThrows(IllegalArgumentException.class,
            () -> measure(start, data, TrainingThroughput.Settings.of("sgd", 21, 0.01)));
    assertEquals("batch size 21 exceeds the 20 samples", big.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> TrainingThroughput.Settings.of("sgd", 0, 1));
    assertThrows(IllegalArgumentException.class,
        () -> TrainingThroughput.Settings.of("sgd", 1, 0));
  }

  @Test
  void divergenceIsReported() {
    Descriptor<NoOptions, Optimizer> nan =
        Descriptor.of("nan", "returns NaN", "none", NoOptions.INSTANCE, o -> new Optimizer() {
          @Override
          public void initialise(int parameterCount) {}

          @Override
          public double step(double[] theta, Mask mask, StepObjective objective) {
            objective.valueAndGradient(theta, new double[theta.length]);
            return Double.NaN;
          }

          @Override
          public void reset() {}

          @Override
          public OptimizerState state() {
            return new OptimizerState("nan", Map.of(), Map.of());
          }

          @Override
          public void restore(OptimizerState state) {}
        });
    Model start = NET.model(0);
    IllegalStateException e =
        assertThrows(IllegalStateException.class,
            () -> TrainingThroughput.measure(
                new Objective(start.network(), Loss.SOFTMAX_CROSS_ENTROPY), start,
                NET.trainingData(20, 0), new Registry<>("optimizer", List.of(nan)),
                HessianDiagonal.builtins(), TrainingThroughput.Settings.of("nan", 1, 0.01)));
    assertEquals(
        "training diverged: the minibatch objective became NaN by step 1; lower the learning rate",
        e.getMessage());
  }
}
