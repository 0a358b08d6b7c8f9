package org.obd.core;

/**
 * {@code tanh} over whole arrays, for the activations' forward pass: the plain-Java loop here, or
 * {@link TanhVector}'s on the JDK's Vector API (loaded only when {@code jdk.incubator.vector} is
 * present and {@link Gemm} runs on it: the one switch, {@code obd.gemm=plain}, forces both plain).
 * Both compute every element with the same operations in the same order as {@link #tanh(double)}
 * (no operation whose rounding could differ: no {@link Math#exp}, whose intrinsic and the Vector
 * API's {@code EXP} differ in the last bits), so they give the same bits.
 *
 * <p>The algorithm, for {@code x = |a|}: below {@link #CUT} the odd polynomial {@code x + x·s·P(s)},
 * {@code s = x²}; below {@link #ONE} {@code 1 − 2/(e + 1)} with {@code e = e^{2x}} computed here:
 * {@code 2x = k·ln 2 + r} ({@code k} rounded to nearest, {@code r} by Cody and Waite's two-part
 * {@code ln 2} with fused multiply-adds, {@code |r| ≤ ½ ln 2}), {@code e^r} by its Taylor polynomial
 * of degree 13 (truncation below {@code 5·10⁻¹⁸}) in Horner's rule with fused multiply-adds, times
 * {@code 2^k} built from its bits; 1 from {@link #ONE} on; the sign of {@code a} copied back
 * ({@code tanh(±0) = ±0}); NaN for NaN.
 */
abstract class TanhKernel {

  /** Below this the polynomial, from it on the exponential. */
  static final double CUT = 0.6;

  /** From this on {@code tanh} rounds to 1. */
  static final double ONE = 22.0;

  /** {@code 1/ln 2}. */
  static final double INV_LN2 = 1.4426950408889634;

  /** {@code ln 2} to 33 bits (its products with {@code k ≤ 64} are exact). */
  static final double LN2_HI = 0.6931471804855391;

  /** {@code ln 2 − LN2_HI}. */
  static final double LN2_LO = 7.440617110012397e-11;

  /** {@code 1.5·2^52}: {@code (z + SHIFT) − SHIFT} rounds {@code z} to the nearest integer. */
  static final double SHIFT = 0x1.8p52;

  /** The bits of {@link #SHIFT}; {@code bits(z + SHIFT) − SHIFT_BITS} is that integer. */
  static final long SHIFT_BITS = Double.doubleToRawLongBits(SHIFT);

  /** Taylor coefficients {@code 1/n!} of {@code e^r}, {@code n = 13, 12, …, 2} (then 1 and 1). */
  static final double[] EXP = {
    1.6059043836821613e-10,
    2.08767569878681e-09,
    2.505210838544172e-08,
    2.755731922398589e-07,
    2.7557319223985893e-06,
    2.48015873015873e-05,
    0.0001984126984126984,
    0.001388888888888889,
    0.008333333333333333,
    0.041666666666666664,
    0.16666666666666666,
    0.5,
  };

  /**
   * {@code P(s)}, highest degree first: Chebyshev interpolation of degree 13 of {@code (tanh √s −
   * √s) / s^1.5} on {@code [0, 0.64]} (mpmath chebyfit at 50 digits; error {@code 3·10⁻¹⁸}),
   * evaluated with fused multiply-adds {@code p = fma(p, s, c)}.
   */
  static final double[] POLY = {
    4.967418898612299e-07,
    -3.4510651521734754e-06,
    1.2965969286746463e-05,
    -3.723351759986434e-05,
    9.590580074661439e-05,
    -0.00023877177686581664,
    0.0005899371544849776,
    -0.0014558183493366924,
    0.0035921260909037335,
    -0.008863235376274077,
    0.021869488528862377,
    -0.05396825396807276,
    0.13333333333333156,
    -0.3333333333333333,
  };

  /** The plain loop. */
  static final TanhKernel PLAIN = new TanhKernel() {
    @Override
    void apply(double[] a, double[] x, int n, double inner, double outer) {
      plain(a, x, 0, n, inner, outer);
    }

    @Override
    String describe() {
      return "plain";
    }
  };

  private static final TanhKernel KERNEL = choose();

  private static TanhKernel choose() {
    if (!Gemm.vectorized()) {
      return PLAIN;
    }
    try {
      return (TanhKernel)
          Class.forName("org.obd.core.TanhVector").getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      return PLAIN;
    }
  }

  /** The kernel in use: the Vector API's when the products run on it, else the plain loop. */
  static TanhKernel kernel() {
    return KERNEL;
  }

  /**
   * {@code x[i] = outer · tanh(inner · a[i])} for {@code i < n}: {@code inner = outer = 1} for
   * {@code tanh} (the multiplications by 1 are exact), LeCun's constants for the scaled tanh.
   */
  abstract void apply(double[] a, double[] x, int n, double inner, double outer);

  /** Which kernel, for tests. */
  abstract String describe();

  /** {@link #apply} on elements {@code from .. n-1}, one at a time. */
  static void plain(double[] a, double[] x, int from, int n, double inner, double outer) {
    for (int i = from; i < n; i++) {
      x[i] = outer * tanh(inner * a[i]);
    }
  }

  /** {@code tanh(a)} by the algorithm of this class. */
  static double tanh(double a) {
    double x = Math.abs(a);
    double t;
    if (x < CUT) {
      t = small(x);
    } else if (x < ONE) {
      t = large(x);
    } else if (x >= ONE) {
      t = 1.0;
    } else {
      return a; // NaN
    }
    return Math.copySign(t, a);
  }

  /** {@code tanh x} for {@code 0 ≤ x < CUT}: the polynomial. */
  static double small(double x) {
    double s = x * x;
    double p = POLY[0];
    for (int i = 1; i < POLY.length; i++) {
      p = Math.fma(p, s, POLY[i]);
    }
    return x + x * (s * p);
  }

  /**
   * {@code tanh x} for {@code CUT ≤ x < ONE}: {@code 1 − 2/(e + 1)}, {@code e = e^{2x} = 2^k (1 +
   * τ)}, {@code τ = r + r²·P(r)}. The sum {@code e + 1} is kept as {@code d + δ} (Fast2Sum), the
   * quotient's remainder {@code ρ = 2 − q·d} is exact by a fused multiply-add, and {@code 1 − q}
   * as {@code h + ε} (Fast2Sum), so that only {@code τ}'s rounding and the last addition are
   * inexact: {@code tanh x = h + (ε − (ρ − q·δ)/d)}, dividing the tiny correction by {@code d} as a
   * product with {@code q/2 ≈ 1/d}.
   */
  static double large(double x) {
    double y = x + x;
    double w = y * INV_LN2 + SHIFT;
    double k = w - SHIFT;
    double r = Math.fma(-k, LN2_HI, y);
    r = Math.fma(-k, LN2_LO, r);
    double p = EXP[0];
    for (int i = 1; i < EXP.length; i++) {
      p = Math.fma(p, r, EXP[i]);
    }
    double tau = Math.fma(r * r, p, r);
    double scale =
        Double.longBitsToDouble((Double.doubleToRawLongBits(w) - SHIFT_BITS + 1023) << 52);
    double a = scale + 1.0;
    double b = scale * tau;
    double d = a + b;
    double delta = b - (d - a);
    double q = 2.0 / d;
    double rho = Math.fma(-q, d, 2.0);
    double h = 1.0 - q;
    double eps = (1.0 - h) - q;
    return h + (eps - (rho - q * delta) * (0.5 * q));
  }
}
