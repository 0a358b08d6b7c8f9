package org.obd.train.loop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.obd.core.Dataset;
import org.obd.core.HessianDiagonal;
import org.obd.core.Loss;
import org.obd.core.Mask;
import org.obd.core.Model;
import org.obd.core.Objective;
import org.obd.train.bench.BenchNetworks;
import org.obd.train.optim.Optimizer;
import org.obd.train.optim.Optimizers;

/**
 * Training steps allocate nothing: after warm-up, 5,000 steps at batch size 1 through the
 * trainer's own path ({@link Trainer.Stepper}: a minibatch view, the trainer's minibatch
 * objective, {@link Optimizer#step}) of {@code sgd}, {@code sdlm} and {@code adam}, on a small
 * network with some parameters deleted, allocate less than 1 KB in all. Measured with the
 * thread's allocation counter, not with time.
 *
 * <p>Warm-up: 20,000 steps, then windows of 5,000 steps until one allocates less than 1 KB (at
 * most 10). The JIT can leave a one-off allocation in a window after too short a warm-up (sdlm's
 * first window after 20,000 steps once held 102 KB, every later one 0); a step that allocated
 * even one small object would put 80 KB or more into every window, so the test would fail.
 */
class TrainingStepAllocationTest {

  private static final ThreadMXBean BEAN = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static final int WARMUP = 20_000;
  private static final int STEPS = 5_000;
  private static final int MAX_WARMUP_WINDOWS = 10;
  private static final long LIMIT = 1024;

  private static long allocated(Trainer.Stepper stepper, int steps) {
    int batches = stepper.batches.count();
    long before = BEAN.getCurrentThreadAllocatedBytes();
    for (int t = 0; t < steps; t++) {
      stepper.step(t % batches);
    }
    return BEAN.getCurrentThreadAllocatedBytes() - before;
  }

  @Test
  void fiveThousandStepsAtBatchSizeOneAllocateLessThanOneKilobyte() {
    Assumptions.assumeTrue(BEAN.isThreadAllocatedMemorySupported());
    BEAN.setThreadAllocatedMemoryEnabled(true);
    BenchNetworks net = BenchNetworks.DENSE_64_30_10;
    Dataset data = net.trainingData(300, 1);
    for (String name : new String[] {"sgd", "sdlm", "adam"}) {
      Model start = net.model(1);
      Mask mask = Mask.of(start.network().parameterCount(), 0, 5, 64, 1999, 2255);
      double[] theta = start.parameters();
      mask.apply(theta);
      Objective objective = new Objective(start.network(), Loss.SOFTMAX_CROSS_ENTROPY);
      Optimizer optimizer = Optimizers.registry().create(name, Map.of());
      TrainingConfig config = new TrainingConfig(Choice.of(name), 1, 1, null, null, null);
      Trainer trainer =
          new Trainer(objective, config, optimizer, HessianDiagonal.builtins(), data, null, 7L);
      Trainer.Stepper stepper = trainer.stepper(theta, mask);
      allocated(stepper, WARMUP);
      List<Long> warmup = new ArrayList<>();
      for (int w = 0; w < MAX_WARMUP_WINDOWS; w++) {
        long bytes = allocated(stepper, STEPS);
        warmup.add(bytes);
        if (bytes < LIMIT) {
          break;
        }
      }
      long bytes = allocated(stepper, STEPS);
      assertTrue(
          bytes < LIMIT,
          name + ": " + STEPS + " steps allocated " + bytes + " bytes (warm-up windows: " + warmup
              + ")");
    }
  }
}
