package org.obd.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The hot paths allocate nothing per sample: the bytes one call allocates must not grow with the
 * number of samples. Measured with the thread's allocation counter (not time), single-threaded.
 */
class AllocationTest {

  private static final ThreadMXBean BEAN =
      (ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static long allocated(Runnable r) {
    long before = BEAN.getCurrentThreadAllocatedBytes();
    r.run();
    return BEAN.getCurrentThreadAllocatedBytes() - before;
  }

  /**
   * Bytes the common pool's threads allocate while {@code r} runs (a worker there runs the second
   * half of a split product); other threads of the JVM (the test runner's) are not counted.
   */
  private static long allocatedByPool(Runnable r) {
    java.util.List<Long> pool = new java.util.ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t instanceof java.util.concurrent.ForkJoinWorkerThread) {
        pool.add(t.getId());
      }
    }
    long[] ids = pool.stream().mapToLong(Long::longValue).toArray();
    long[] before = BEAN.getThreadAllocatedBytes(ids);
    r.run();
    long[] after = BEAN.getThreadAllocatedBytes(ids);
    long sum = 0;
    for (int i = 0; i < ids.length; i++) {
      if (before[i] >= 0 && after[i] >= 0) {
        sum += after[i] - before[i];
      }
    }
    return sum;
  }

  /**
   * The least a run of {@code r} allocates, over up to 50 runs until one allocates nothing: steady
   * state. Until the JIT has compiled the product kernel's methods (in the background, after some
   * thousands of calls) their Vector API code boxes its vectors, and a recompilation sends the
   * code back to the interpreter for a moment (seen once in CI-like runs: 88 bytes over 300
   * passes); a real per-call allocation shows in every run.
   */
  private static long allocatedInSteadyState(Runnable r) {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 50 && least > 0; i++) {
      least = Math.min(least, allocated(r));
    }
    return least;
  }

  private static void check(String what, Consumer<Dataset> call, Dataset small, Dataset large) {
    for (int i = 0; i < 3; i++) {
      call.accept(small); // warm up buffers, caches and the JIT
      call.accept(large);
    }
    // 20x the samples: one 16-byte object per sample would add > 60 KB, in every attempt; until
    // the JIT has compiled the product kernel (in the background) its vectors are boxed, so the
    // first attempts may see that. With a long compile queue (seen once after another test class
    // in the same JVM: still boxing after 100 attempts) that lasts longer: attempts go on for 30 s
    long s = 0;
    long l = Long.MAX_VALUE;
    long deadline = System.nanoTime() + 30_000_000_000L;
    for (int attempt = 0;
        (attempt < 100 || System.nanoTime() < deadline) && l > s + 32 * 1024;
        attempt++) {
      s = allocated(() -> call.accept(small));
      l = allocated(() -> call.accept(large));
    }
    assertTrue(
        l <= s + 32 * 1024,
        what + " allocates per sample: " + s + " bytes for " + small.size() + " samples, " + l
            + " bytes for " + large.size());
  }

  @Test
  void derivativesAllocateNothingPerSample() {
    Assumptions.assumeTrue(BEAN.isThreadAllocatedMemorySupported());
    BEAN.setThreadAllocatedMemoryEnabled(true);
    Random r = new Random(1);
    Network net = ObjectiveTest.convNet();
    Dataset small = ObjectiveTest.data(net, 200, r, true);
    Dataset large = ObjectiveTest.data(net, 4_000, r, true);
    Objective o = new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY, 64, false);
    double[] t = ObjectiveTest.params(net, r);
    double[] g = new double[t.length];
    double[] v = ObjectiveTest.params(net, r);
    Mask m = Mask.none(t.length);
    check("gradient", d -> o.gradient(t, m, d, g), small, large);
    check("hessian-vector product", d -> o.hessianVector(t, m, d, v, g), small, large);
    for (String method : HessianDiagonal.names()) {
      HessianDiagonal h = HessianDiagonal.builtins().createWithShared(method, Map.of("probes", 1));
      check(method, d -> h.compute(o, t, m, d, 0L), small, large);
    }
  }

  /**
   * A product allocates nothing once its packing buffers exist: on one thread, split over two (the
   * reused half-task and its buffers), on the calling thread and on the pool's, in every
   * transpose form, on both kernels.
   */
  @Test
  void productsAllocateNothing() {
    Assumptions.assumeTrue(BEAN.isThreadAllocatedMemorySupported());
    BEAN.setThreadAllocatedMemoryEnabled(true);
    java.util.SplittableRandom r = new java.util.SplittableRandom(6);
    int m = 150;
    int n = 130;
    int k = 70;
    double[] a = new double[m * k];
    double[] b = new double[k * n];
    double[] c = new double[m * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextDouble(-1, 1);
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = r.nextDouble(-1, 1);
    }
    for (GemmKernel kernel : new GemmKernel[] {Gemm.kernel(), Gemm.plainKernel()}) {
      for (int threads = 1; threads <= 2; threads++) {
        int t = threads;
        Runnable products =
            () -> {
              Gemm.gemm(kernel, t, false, false, m, n, k, a, 0, k, b, 0, n, false, c, 0, n);
              Gemm.gemm(kernel, t, false, true, m, n, k, a, 0, k, b, 0, k, true, c, 0, n);
              Gemm.gemm(kernel, t, true, false, m, n, k, a, 0, m, b, 0, n, true, c, 0, n);
              Gemm.gemm(kernel, t, true, true, m, n, k, a, 0, m, b, 0, k, false, c, 0, n);
            };
        for (int i = 0; i < 20; i++) {
          products.run();
        }
        long bytes = allocated(products);
        assertTrue(bytes == 0, "products on " + t + " threads allocated " + bytes + " bytes");
        // and on the pool: the worker that runs a split product's second half packs into buffers
        // kept with the half (the common pool's workers lose their thread-locals after each task)
        long pool = Long.MAX_VALUE;
        for (int i = 0; i < 5 && pool > 0; i++) {
          pool = allocatedByPool(products);
        }
        assertTrue(pool == 0, "products on " + t + " threads allocated " + pool
            + " bytes on the common pool's threads");
      }
    }
  }

  /**
   * A pass over a one-row minibatch view (value, gradient and the Becker–LeCun diagonal together,
   * as stochastic diagonal Levenberg–Marquardt asks for) allocates nothing at all.
   */
  @Test
  void aPassOverOneRowAllocatesNothing() {
    Assumptions.assumeTrue(BEAN.isThreadAllocatedMemorySupported());
    BEAN.setThreadAllocatedMemoryEnabled(true);
    Random r = new Random(2);
    Network net = ObjectiveTest.convNet();
    Dataset data = ObjectiveTest.data(net, 300, r, true);
    Objective o = new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY, 64, true);
    double[] t = ObjectiveTest.params(net, r);
    double[] g = new double[t.length];
    double[] h = new double[t.length];
    Mask m = Mask.of(t.length, 0, 3);
    t[0] = 0;
    t[3] = 0;
    HessianDiagonal bl = HessianDiagonal.byName("becker-lecun");
    Minibatches batches = new Minibatches(data, 1);
    Runnable epoch =
        () -> {
          for (int b = 0; b < batches.count(); b++) {
            o.evaluate(t, m, batches.get(b), Reduction.MEAN, g, bl, 0L, h);
          }
        };
    for (int i = 0; i < 40; i++) {
      epoch.run();
    }
    long bytes = allocatedInSteadyState(epoch);
    assertTrue(bytes == 0, batches.count() + " one-row passes allocated " + bytes + " bytes");
  }
}
