package org.obd.train.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.obd.core.Descriptor;
import org.obd.core.Mask;

/**
 * A step allocates nothing: 10,000 steps of each optimizer on a quadratic (in episodes of 50 steps,
 * each after a reset, alternating between no deletions and three, so that the mask changes and
 * L-BFGS keeps searching) allocate less than 1 KB in total after 30,000 steps of warm-up.
 * Measured with the thread's allocation counter. (After only 10,000 warm-up steps, the first
 * window measured once held a one-off 960 bytes from the JIT; later windows hold 0.)
 */
class OptimizerAllocationTest {

  private static final ThreadMXBean BEAN = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static void run(Optimizer o, Functions.Quadratic f, Mask[] masks, double[] start,
      double[] theta, int steps) {
    for (int t = 0; t < steps; t++) {
      if (t % 50 == 0) {
        Mask m = masks[(t / 50) % 2];
        System.arraycopy(start, 0, theta, 0, theta.length);
        m.apply(theta);
        f.mask = m;
        o.reset();
      }
      o.step(theta, f.mask, f);
    }
  }

  @Test
  void tenThousandStepsAllocateLessThanOneKilobyte() {
    Assumptions.assumeTrue(BEAN.isThreadAllocatedMemorySupported());
    BEAN.setThreadAllocatedMemoryEnabled(true);
    int n = 20;
    Map<Descriptor<?, Optimizer>, Map<String, Object>> options =
        Map.of(
            Sgd.DESCRIPTOR, Map.of("learning-rate", 0.05, "momentum", 0.9, "nesterov", true),
            Sdlm.DESCRIPTOR, Map.of("learning-rate", 0.2),
            Adam.DESCRIPTOR, Map.of("learning-rate", 0.01),
            Lbfgs.DESCRIPTOR, Map.of());
    for (Descriptor<?, Optimizer> d : Optimizers.BUILTINS) {
      Functions.Quadratic f = Functions.Quadratic.random(n, 10, 3);
      Mask[] masks = {Mask.none(n), Mask.of(n, 1, 7, 13)};
      double[] start = new double[n];
      for (int k = 0; k < n; k++) {
        start[k] = k % 3 - 1.5;
      }
      double[] theta = new double[n];
      Optimizer o = d.create(options.get(d));
      o.initialise(n);
      run(o, f, masks, start, theta, 30_000);
      long before = BEAN.getCurrentThreadAllocatedBytes();
      run(o, f, masks, start, theta, 10_000);
      long bytes = BEAN.getCurrentThreadAllocatedBytes() - before;
      assertTrue(bytes < 1024, d.name() + ": 10,000 steps allocated " + bytes + " bytes");
    }
  }
}
