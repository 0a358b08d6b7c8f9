package org.obd.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.obd.core.Gemm;

/**
 * {@code obd bench --products}: the matrix-product kernel alone ({@link Gemm}, {@code C = A·B},
 * row-major float64) at the sizes of the speed targets, on 1 and 2 threads, beside EJML's {@code
 * CommonOps_DDRM.mult} (one thread): one JSON line per measurement, GFLOP/s from the median of
 * the timed calls, to be set beside {@code torch.mm} run in the same session.
 */
final class ProductsBench {

  /** {@code m × k} times {@code k × n}: a 256³ cube, a 784-300 layer on 256 rows, 1024³. */
  static final int[][] SIZES = {{256, 256, 256}, {256, 784, 300}, {1024, 1024, 1024}};

  private ProductsBench() {}

  static void run(PrintWriter out, double seconds) {
    SplittableRandom r = new SplittableRandom(1);
    for (int[] s : SIZES) {
      int m = s[0];
      int k = s[1];
      int n = s[2];
      double[] a = random(m * k, r);
      double[] b = random(k * n, r);
      double[] c = new double[m * n];
      for (int threads = 1; threads <= Math.max(1, Gemm.maxThreads()); threads++) {
        int t = threads;
        double ms = median(
            () -> Gemm.gemm(false, t, false, false, m, n, k, a, 0, k, b, 0, n, false, c, 0, n),
            seconds);
        print(out, Gemm.vectorized() ? "vector-api" : "plain-java", m, k, n, t, ms);
      }
      DMatrixRMaj am = DMatrixRMaj.wrap(m, k, a);
      DMatrixRMaj bm = DMatrixRMaj.wrap(k, n, b);
      DMatrixRMaj cm = new DMatrixRMaj(m, n);
      double ms = median(() -> CommonOps_DDRM.mult(am, bm, cm), seconds);
      print(out, "ejml", m, k, n, 1, ms);
    }
  }

  private static double[] random(int size, SplittableRandom r) {
    double[] v = new double[size];
    for (int i = 0; i < size; i++) {
      v[i] = r.nextDouble(-1, 1);
    }
    return v;
  }

  /**
   * Median milliseconds of one call, over calls timed one by one for about {@code seconds} after
   * as many untimed calls for a quarter of that (at least 3 and 5 calls).
   */
  private static double median(Runnable call, double seconds) {
    long warm = System.nanoTime() + (long) (seconds * 0.25e9);
    for (int i = 0; i < 3 || System.nanoTime() < warm; i++) {
      call.run();
    }
    double[] ms = new double[64];
    int n = 0;
    long end = System.nanoTime() + (long) (seconds * 1e9);
    while (n < 5 || System.nanoTime() < end) {
      long t0 = System.nanoTime();
      call.run();
      if (n == ms.length) {
        ms = Arrays.copyOf(ms, 2 * n);
      }
      ms[n++] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms, 0, n);
    return n % 2 == 1 ? ms[n / 2] : 0.5 * (ms[n / 2 - 1] + ms[n / 2]);
  }

  private static void print(
      PrintWriter out, String backend, int m, int k, int n, int threads, double ms) {
    ObjectNode line = Output.object();
    line.put("kind", "product");
    line.put("backend", backend);
    line.put("m", m);
    line.put("k", k);
    line.put("n", n);
    line.put("threads", threads);
    line.put("median_ms", Math.round(ms * 1000) / 1000.0);
    line.put("gflops", Math.round(2.0 * m * n * k / ms / 1e5) / 10.0);
    out.println(line.toString());
    out.flush();
  }
}
