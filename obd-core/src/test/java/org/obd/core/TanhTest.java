package org.obd.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * obd's own tanh: within 1 ulp of the exact value, odd, right at the special values, and the same
 * bits from the Vector API kernel as from the plain loop.
 */
class TanhTest {

  /** {x, tanh(x) correctly rounded}, computed with mpmath at 50 digits. */
  private static final double[][] REFERENCE = {
    {1e-09, 1e-09},
    {3e-05, 2.9999999991e-05},
    {0.01, 0.00999966667999946},
    {0.1, 0.09966799462495582},
    {0.25, 0.24491866240370913},
    {0.5, 0.46211715726000974},
    {0.79, 0.658409035955251},
    {0.8, 0.664036770267849},
    {0.81, 0.6695902596187708},
    {1.0, 0.7615941559557649},
    {1.5, 0.9051482536448664},
    {2.5, 0.9866142981514303},
    {5.0, 0.9999092042625951},
    {9.0, 0.999999969540041},
    {15.0, 0.9999999999998128},
    {19.5, 1.0},
    {21.9, 1.0},
    {1.8687050846691058, 0.95347658387924},
    {2.225360967782188, 0.9769289645069748},
    {2.38558069669709, 0.9832012210366189},
    {2.827350851331151, 0.9930223941681716},
    {0.08701568485084421, 0.08679672823898815},
    {1.3968679631343162, 0.8846727704550715},
    {1.9469236594107726, 0.9600793819484379},
    {0.3396178939594331, 0.32713622369722317},
    {1.4072071433464912, 0.8868995859892933},
    {0.55, 0.5005202111902353},
    {0.5999999999999999, 0.5370495669980352},
    {0.6, 0.5370495669980353},
    {0.6000000000000001, 0.5370495669980353},
    {0.65, 0.5716699660851172},
    {0.7, 0.6043677771171635},
    {0.75, 0.6351489523872873},
    {3.0, 0.9950547536867305},
    {7.5, 0.9999993881955461},
    {12.0, 0.9999999999244973},
    {18.5, 0.9999999999999998},
    {19.0, 0.9999999999999999},
    {19.06, 0.9999999999999999},
    {19.2, 1.0},
    {20.0, 1.0},
  };

  private static double ulps(double got, double expected) {
    return Math.abs(got - expected) / Math.ulp(expected);
  }

  @Test
  void withinOneUlpOfTheExactValue() {
    for (double[] r : REFERENCE) {
      assertTrue(ulps(Activation.tanh(r[0]), r[1]) <= 1.0, "tanh(" + r[0] + ")");
      assertTrue(ulps(Activation.tanh(-r[0]), -r[1]) <= 1.0, "tanh(" + -r[0] + ")");
    }
  }

  /**
   * Both are within their bounds of the exact value (obd's 1 ulp, fdlibm's, behind {@link
   * StrictMath#tanh}, 2.5 ulps as {@link Math#tanh} specifies), so they agree within 2.5 ulps; the
   * largest difference seen is 2 ulps, near 0.54.
   */
  @Test
  void agreesWithStrictMath() {
    SplittableRandom random = new SplittableRandom(11);
    double worst = 0;
    for (int i = 0; i < 1_000_000; i++) {
      double x =
          i % 2 == 0 ? random.nextDouble(-25, 25) : Math.scalb(random.nextDouble(1, 2),
              random.nextInt(-60, 1));
      double expected = StrictMath.tanh(x);
      worst = Math.max(worst, ulps(Activation.tanh(x), expected));
      assertEquals(-Activation.tanh(x), Activation.tanh(-x), 0.0, "odd at " + x);
    }
    assertTrue(worst <= 2.5, "worst difference from StrictMath.tanh: " + worst + " ulps");
  }

  @Test
  void specialValues() {
    assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(Activation.tanh(0.0)));
    assertEquals(
        Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(Activation.tanh(-0.0)));
    assertTrue(Double.isNaN(Activation.tanh(Double.NaN)));
    assertEquals(1.0, Activation.tanh(Double.POSITIVE_INFINITY), 0.0);
    assertEquals(-1.0, Activation.tanh(Double.NEGATIVE_INFINITY), 0.0);
    assertEquals(1.0, Activation.tanh(22.0), 0.0);
    assertEquals(-1.0, Activation.tanh(-1e300), 0.0);
    assertEquals(Double.MIN_VALUE, Activation.tanh(Double.MIN_VALUE), 0.0);
    assertEquals(-Double.MIN_NORMAL, Activation.tanh(-Double.MIN_NORMAL), 0.0);
    assertEquals(Math.tanh(0.5), Activation.TANH.value(0.5), Math.ulp(0.5));
  }

  /** Values that exercise every branch and both cuts, the special values and the extremes. */
  private static double[] probeValues(int n, long seed) {
    double[] special = {
      0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
      -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 1e300, -1e300,
      709.0, 710.0, -745.0, TanhKernel.CUT, -TanhKernel.CUT, Math.nextDown(TanhKernel.CUT),
      Math.nextUp(TanhKernel.CUT), TanhKernel.ONE, -TanhKernel.ONE, Math.nextDown(TanhKernel.ONE),
      19.06, -19.06, 1e-300, -1e-155, Double.longBitsToDouble(0x7ff8000000000123L),
    };
    SplittableRandom random = new SplittableRandom(seed);
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      switch (i % 4) {
        case 0:
          a[i] = special[random.nextInt(special.length)];
          break;
        case 1:
          a[i] = random.nextDouble(-2, 2);
          break;
        case 2:
          a[i] = random.nextDouble(-30, 30);
          break;
        default:
          a[i] = Math.scalb(random.nextDouble(-2, 2), random.nextInt(-1080, 30));
      }
    }
    return a;
  }

  /** The first {@code a.length} elements of both arrays have the same bits. */
  private static void assertSameBits(double[] expected, double[] actual, double[] a, String what) {
    for (int i = 0; i < a.length; i++) {
      assertEquals(
          Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
          what + " at " + a[i] + " (element " + i + ")");
    }
  }

  @Test
  void theVectorKernelRunsWhenTheProductsDo() {
    assertEquals(Gemm.vectorized(), TanhKernel.kernel() != TanhKernel.PLAIN);
    assertEquals(Gemm.vectorized(), TanhKernel.kernel().describe().endsWith("DoubleVector"));
  }

  /**
   * Lengths from 0 to 70 and around the vector kernel's least length (whole vectors and tails),
   * tanh and the scaled tanh.
   */
  @Test
  void vectorAndPlainKernelsGiveTheSameBits() {
    int[] lengths = java.util.stream.IntStream.concat(
        java.util.stream.IntStream.rangeClosed(0, 70),
        java.util.stream.IntStream.of(127, 128, 129, 130, 131, 133, 200, 1001, 4099)).toArray();
    for (int n : lengths) {
      double[] a = probeValues(n, n);
      for (double[] c : new double[][] {{1.0, 1.0}, {2.0 / 3.0, 1.7159}}) {
        double[] vector = new double[n + 3];
        double[] plain = new double[n + 3];
        TanhKernel.kernel().apply(a, vector, n, c[0], c[1]);
        TanhKernel.PLAIN.apply(a, plain, n, c[0], c[1]);
        assertSameBits(plain, vector, a, "n = " + n + ", inner " + c[0]);
        for (int i = 0; i < n; i++) {
          assertEquals(
              Double.doubleToRawLongBits(c[1] * Activation.tanh(c[0] * a[i])),
              Double.doubleToRawLongBits(plain[i]), "the scalar tanh at " + a[i]);
        }
        assertEquals(0.0, vector[n], 0.0, "nothing written past n");
      }
    }
  }

  /** The activations' forward pass: the bits of {@link Activation#value} element by element. */
  @Test
  void forwardGivesTheBitsOfValue() {
    double[] a = probeValues(1001, 3);
    for (Activation f : Activation.values()) {
      double[] x = new double[a.length];
      f.forward(a, x, a.length);
      double[] expected = new double[a.length];
      for (int i = 0; i < a.length; i++) {
        expected[i] = f.value(a[i]);
      }
      assertSameBits(expected, x, a, f.configName());
    }
  }

  /** Large finite inputs give ±1, never NaN; tiny ones themselves. */
  @Test
  void largeInputsGiveOneAndTinyOnesThemselves() {
    double[] a = {1e300, -1e300, Double.MAX_VALUE, -Double.MAX_VALUE, 710.0, -710.0, 22.0, 40.0,
        Double.MIN_VALUE, -Double.MIN_NORMAL, 1e-200};
    double[] x = new double[a.length];
    TanhKernel.kernel().apply(a, x, a.length, 1.0, 1.0);
    for (int i = 0; i < a.length; i++) {
      double expected = Math.abs(a[i]) >= 22 ? Math.signum(a[i]) : a[i];
      assertEquals(expected, x[i], 0.0, "tanh(" + a[i] + ")");
    }
  }

  /**
   * Within 1 ulp of {@link StrictMath#tanh} wherever that is itself within half an ulp of the exact
   * value (away from its worst cases): a dense sweep across both cuts, where the errors of the
   * polynomial and of the exponential are largest.
   */
  @Test
  void denseSweepAcrossTheCuts() {
    double[] a = new double[200_001];
    for (int i = 0; i < a.length; i++) {
      a[i] = 0.3 + i * (1.2 / (a.length - 1));
    }
    double[] x = new double[a.length];
    TanhKernel.kernel().apply(a, x, a.length, 1.0, 1.0);
    double worst = 0;
    for (int i = 0; i < a.length; i++) {
      worst = Math.max(worst, ulps(x[i], StrictMath.tanh(a[i])));
    }
    assertTrue(worst <= 2.0, "worst difference from StrictMath.tanh: " + worst + " ulps");
  }

  /** The batch derivatives read off {@code x = f(a)}: the bits of the scalar ones. */
  @Test
  void batchDerivativesGiveTheBitsOfTheScalarOnes() {
    int n = 517;
    double[] a = probeValues(n, 5);
    SplittableRandom random = new SplittableRandom(9);
    double[] g = random.doubles(n, -3, 3).toArray();
    double[] ra = random.doubles(n, -3, 3).toArray();
    double[] rdx = random.doubles(n, -3, 3).toArray();
    for (Activation f : Activation.values()) {
      double[] x = new double[n];
      f.forward(a, x, n);
      double[] d1 = new double[n];
      f.d1(a, x, d1, n);
      double[] d2g = new double[n];
      f.d2Times(a, x, g, d2g, n, false);
      double[] added = g.clone();
      f.d2Times(a, x, g, added, n, true);
      double[] rb = new double[n];
      f.rBackward(a, x, ra, g, rdx, rb, n);
      double[] e1 = new double[n];
      double[] e2 = new double[n];
      double[] e3 = new double[n];
      double[] e4 = new double[n];
      for (int i = 0; i < n; i++) {
        e1[i] = f.d1(a[i]);
        e2[i] = f.d2(a[i]) * g[i];
        e3[i] = g[i] + f.d2(a[i]) * g[i];
        e4[i] = f.d2(a[i]) * ra[i] * g[i] + f.d1(a[i]) * rdx[i];
      }
      if (f == Activation.RELU || f == Activation.IDENTITY) {
        // piecewise linear: f'' is 0, and the R-backward step is f'·rdx (no 0·∞ terms)
        for (int i = 0; i < n; i++) {
          e2[i] = 0.0;
          e3[i] = g[i];
          e4[i] = f.d1(a[i]) * rdx[i];
        }
      }
      assertSameBits(e1, d1, a, f.configName() + " d1");
      assertSameBits(e2, d2g, a, f.configName() + " d2Times");
      assertSameBits(e3, added, a, f.configName() + " d2Times add");
      if (f != Activation.RELU && f != Activation.IDENTITY) {
        assertSameBits(e4, rb, a, f.configName() + " rBackward");
      }
    }
  }
}
