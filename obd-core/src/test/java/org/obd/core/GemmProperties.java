package org.obd.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * {@link Gemm} against EJML's products on random shapes, edge sizes (1, odd, one off a tile or a
 * block) and all four transpose forms, assigning and adding; and the same bits from the vector
 * and the plain kernel, and from one and two threads.
 */
class GemmProperties {

  /**
   * Each element may differ from EJML's by rounding: both sum {@code k ≤ 300} products in the same
   * order, EJML rounding each product and {@code Gemm} fusing it, so the difference is below {@code
   * 2k·2⁻⁵³·Σ|a||b|} (≈ 6.7e-14 · Σ|a||b| at k = 300).
   */
  private static final double RELATIVE = 1e-13;

  /** Sizes around the kernels' tiles (4, 8, 24) and blocks (96 rows, 256 deep) and small ones. */
  @Provide
  Arbitrary<Integer> sizes() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(1, 40),
        Arbitraries.of(1, 3, 4, 5, 7, 8, 9, 23, 24, 25, 47, 48, 49, 95, 96, 97, 101));
  }

  @Provide
  Arbitrary<Integer> depths() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(1, 40), Arbitraries.of(1, 2, 255, 256, 257, 300));
  }

  static DMatrixRMaj random(int rows, int cols, SplittableRandom r) {
    DMatrixRMaj m = new DMatrixRMaj(rows, cols);
    for (int i = 0; i < m.data.length; i++) {
      m.data[i] = r.nextInt(6) == 0 ? 0.0 : r.nextDouble(-1, 1) * Math.exp(r.nextDouble(-3, 3));
    }
    return m;
  }

  private static double[] magnitudes(
      boolean transA, boolean transB, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c0, boolean add) {
    DMatrixRMaj aa = a.copy();
    DMatrixRMaj bb = b.copy();
    for (int i = 0; i < aa.data.length; i++) {
      aa.data[i] = Math.abs(aa.data[i]);
    }
    for (int i = 0; i < bb.data.length; i++) {
      bb.data[i] = Math.abs(bb.data[i]);
    }
    DMatrixRMaj s = new DMatrixRMaj(1, 1);
    ejml(transA, transB, aa, bb, s, false);
    if (add) {
      for (int i = 0; i < s.data.length; i++) {
        s.data[i] += Math.abs(c0.data[i]);
      }
    }
    return s.data;
  }

  private static void ejml(
      boolean transA, boolean transB, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c, boolean add) {
    if (add) {
      if (transA && transB) {
        CommonOps_DDRM.multAddTransAB(a, b, c);
      } else if (transA) {
        CommonOps_DDRM.multAddTransA(a, b, c);
      } else if (transB) {
        CommonOps_DDRM.multAddTransB(a, b, c);
      } else {
        CommonOps_DDRM.multAdd(a, b, c);
      }
    } else if (transA && transB) {
      CommonOps_DDRM.multTransAB(a, b, c);
    } else if (transA) {
      CommonOps_DDRM.multTransA(a, b, c);
    } else if (transB) {
      CommonOps_DDRM.multTransB(a, b, c);
    } else {
      CommonOps_DDRM.mult(a, b, c);
    }
  }

  private static long[] bits(double[] v, int n) {
    long[] b = new long[n];
    for (int i = 0; i < n; i++) {
      b[i] = Double.doubleToRawLongBits(v[i]);
    }
    return b;
  }

  /** {@code C (+)= op(A)·op(B)} by {@code Gemm} with the given kernel and threads. */
  private static double[] gemm(
      GemmKernel kernel, int threads, boolean transA, boolean transB, int m, int n, int k,
      DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c0, boolean add) {
    double[] c = c0.data.clone();
    Gemm.gemm(kernel, threads, transA, transB, m, n, k, a.data, 0, a.numCols, b.data, 0,
        b.numCols, add, c, 0, n);
    return c;
  }

  @Property(tries = 300)
  void agreesWithEjmlToRounding(
      @ForAll("sizes") int m, @ForAll("sizes") int n, @ForAll("depths") int k,
      @ForAll boolean transA, @ForAll boolean transB, @ForAll boolean add, @ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    DMatrixRMaj a = transA ? random(k, m, r) : random(m, k, r);
    DMatrixRMaj b = transB ? random(n, k, r) : random(k, n, r);
    DMatrixRMaj c0 = random(m, n, r);
    DMatrixRMaj ref = c0.copy();
    ejml(transA, transB, a, b, ref, add);
    double[] bound = magnitudes(transA, transB, a, b, c0, add);
    double[] plain = gemm(Gemm.plainKernel(), 1, transA, transB, m, n, k, a, b, c0, add);
    double[] fast = gemm(Gemm.kernel(), 1, transA, transB, m, n, k, a, b, c0, add);
    for (int i = 0; i < m * n; i++) {
      double tol = RELATIVE * bound[i];
      assertTrue(Math.abs(plain[i] - ref.data[i]) <= tol,
          "plain [" + i + "] " + plain[i] + " vs EJML " + ref.data[i]);
      assertTrue(Math.abs(fast[i] - ref.data[i]) <= tol,
          "kernel [" + i + "] " + fast[i] + " vs EJML " + ref.data[i]);
    }
    assertArrayEquals(bits(plain, m * n), bits(fast, m * n), "vector and plain kernels differ");
  }

  /** Large enough to be split: the two halves give the bits of one thread. */
  @Property(tries = 25)
  void twoThreadsGiveTheBitsOfOne(
      @ForAll("sizes") int m, @ForAll("sizes") int n, @ForAll boolean transA,
      @ForAll boolean transB, @ForAll boolean add, @ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int k = (int) Math.max(1, Gemm.SPLIT_MIN / ((long) m * n) + 1 + r.nextInt(30));
    k = Math.min(k, 4000);
    DMatrixRMaj a = transA ? random(k, m, r) : random(m, k, r);
    DMatrixRMaj b = transB ? random(n, k, r) : random(k, n, r);
    DMatrixRMaj c0 = random(m, n, r);
    double[] one = gemm(Gemm.kernel(), 1, transA, transB, m, n, k, a, b, c0, add);
    double[] two = gemm(Gemm.kernel(), 2, transA, transB, m, n, k, a, b, c0, add);
    assertArrayEquals(bits(one, m * n), bits(two, m * n));
    double[] plainTwo = gemm(Gemm.plainKernel(), 2, transA, transB, m, n, k, a, b, c0, add);
    assertArrayEquals(bits(one, m * n), bits(plainTwo, m * n));
  }

  /**
   * {@code op(B)} squared as it is packed gives the bits of the product with {@code B∘B} squared
   * first, in all four transpose forms, on both kernels, on one and two threads, and where an
   * unsquared B would be read in place (few rows).
   */
  @Property(tries = 60)
  void squaringBWhilePackingGivesTheBitsOfTheSquares(
      @ForAll("sizes") int m, @ForAll("sizes") int n, @ForAll("depths") int k,
      @ForAll boolean transA, @ForAll boolean transB, @ForAll boolean add, @ForAll boolean large,
      @ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    if (large) {
      k = (int) Math.min(4000, Math.max(k, Gemm.SPLIT_MIN / ((long) m * n) + 1));
    }
    DMatrixRMaj a = transA ? random(k, m, r) : random(m, k, r);
    DMatrixRMaj b = transB ? random(n, k, r) : random(k, n, r);
    DMatrixRMaj b2 = b.copy();
    for (int i = 0; i < b2.data.length; i++) {
      b2.data[i] *= b2.data[i];
    }
    DMatrixRMaj c0 = random(m, n, r);
    long[] expected = bits(gemm(Gemm.kernel(), 1, transA, transB, m, n, k, a, b2, c0, add), m * n);
    for (GemmKernel kernel : new GemmKernel[] {Gemm.kernel(), Gemm.plainKernel()}) {
      for (int threads = 1; threads <= 2; threads++) {
        double[] c = c0.data.clone();
        Gemm.gemm(kernel, threads, transA, transB, true, m, n, k, a.data, 0, a.numCols, b.data,
            0, b.numCols, add, c, 0, n);
        assertArrayEquals(expected, bits(c, m * n), kernel.describe() + ", " + threads);
      }
    }
    if (transA && !transB && add) {
      DMatrixRMaj c = c0.copy();
      Gemm.multAddTransASquaredB(a, b, c);
      assertArrayEquals(expected, bits(c.data, m * n), "multAddTransASquaredB");
    }
  }

  @Example
  void splitsLargeProductsOverTwoThreads() {
    SplittableRandom r = new SplittableRandom(3);
    int m = 200;
    int n = 150;
    int k = 90;
    DMatrixRMaj a = random(m, k, r);
    DMatrixRMaj b = random(k, n, r);
    DMatrixRMaj c0 = random(m, n, r);
    long before = Gemm.splits();
    double[] two = gemm(Gemm.kernel(), 2, false, false, m, n, k, a, b, c0, false);
    assertTrue(Gemm.splits() > before, "a product of " + (long) m * n * k + " was not split");
    double[] one = gemm(Gemm.kernel(), 1, false, false, m, n, k, a, b, c0, false);
    assertArrayEquals(bits(one, m * n), bits(two, m * n));
  }

  @Example
  void theVectorKernelRunsWhenTheModuleIsThere() {
    boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    boolean forced = "plain".equals(System.getProperty("obd.gemm"));
    assertEquals(module && !forced, Gemm.vectorized(), Gemm.backend());
    assertTrue(Gemm.backend().startsWith(Gemm.vectorized() ? "vector-api (" : "plain Java ("));
  }

  @Example
  void matrixFormsReshapeAndCheck() {
    SplittableRandom r = new SplittableRandom(5);
    DMatrixRMaj x = random(9, 7, r);
    DMatrixRMaj w = random(5, 7, r);
    DMatrixRMaj out = new DMatrixRMaj(1, 1);
    Gemm.multTransB(x, w, out);
    assertEquals(9, out.numRows);
    assertEquals(5, out.numCols);
    DMatrixRMaj ref = new DMatrixRMaj(1, 1);
    CommonOps_DDRM.multTransB(x, w, ref);
    for (int i = 0; i < ref.data.length; i++) {
      assertEquals(ref.data[i], out.data[i], 1e-13 * 7 * 400);
    }
    assertThrows(IllegalArgumentException.class, () -> Gemm.mult(x, w, out));
    assertThrows(IllegalArgumentException.class, () -> Gemm.multAddTransB(x, w, x));
    assertThrows(IllegalArgumentException.class,
        () -> Gemm.multAddTransB(x, w, new DMatrixRMaj(9, 4)));
    assertThrows(IllegalArgumentException.class, () -> Gemm.multAddTransASquaredB(x, w, out));
    assertThrows(IllegalArgumentException.class,
        () -> Gemm.multAddTransASquaredB(x, x, new DMatrixRMaj(7, 6)));
    assertThrows(IllegalArgumentException.class, () -> Gemm.multAddTransASquaredB(x, x, x));
    // k = 0: an empty sum
    DMatrixRMaj e = new DMatrixRMaj(3, 0);
    DMatrixRMaj f = new DMatrixRMaj(0, 2);
    DMatrixRMaj z = random(3, 2, r);
    Gemm.mult(e, f, z);
    assertArrayEquals(new double[6], java.util.Arrays.copyOf(z.data, 6));
  }
}
