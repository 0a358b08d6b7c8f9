package org.obd.core;

/**
 * Element-wise activation functions {@code x = f(a)} with their first and second derivatives.
 *
 * <p>The config and model-file name of each constant is {@link #configName()}. {@code relu} uses
 * {@code f'(0) = 0} and {@code f'' = 0} everywhere (its second derivative is zero almost
 * everywhere).
 */
public enum Activation {
  /** {@code f(a) = a}. */
  IDENTITY,
  /** {@code f(a) = tanh(a)} (computed within 1 ulp of the exact value). */
  TANH,
  /** LeCun's scaled tanh {@code f(a) = 1.7159 tanh(2a/3)}. */
  SCALED_TANH,
  /** The logistic function {@code f(a) = 1 / (1 + e^-a)}. */
  SIGMOID,
  /** {@code f(a) = max(0, a)}. */
  RELU;

  private static final double A = 1.7159;
  private static final double S = 2.0 / 3.0;

  /** The name used in configs and model files, e.g. {@code scaled-tanh}. */
  public String configName() {
    return ConfigNames.of(this);
  }

  /**
   * Looks up an activation by its config name.
   *
   * @throws IllegalArgumentException naming the value and the valid choices
   */
  public static Activation fromName(String name) {
    return ConfigNames.parse(Activation.class, name, "activation");
  }

  /** The valid config names, comma separated. */
  public static String names() {
    return ConfigNames.list(Activation.class);
  }

  /** Whether {@code f''} is zero everywhere (identity, relu): the function is piecewise linear. */
  public boolean isPiecewiseLinear() {
    return this == IDENTITY || this == RELU;
  }

  /** {@code f(a)}. */
  public double value(double a) {
    switch (this) {
      case IDENTITY:
        return a;
      case TANH:
        return tanh(a);
      case SCALED_TANH:
        return A * tanh(S * a);
      case SIGMOID:
        return sigmoid(a);
      case RELU:
        return a > 0 ? a : 0.0;
      default:
        throw new AssertionError(this);
    }
  }

  /** {@code f'(a)}. */
  public double d1(double a) {
    switch (this) {
      case IDENTITY:
        return 1.0;
      case TANH: {
        double t = tanh(a);
        return 1.0 - t * t;
      }
      case SCALED_TANH: {
        double t = tanh(S * a);
        return A * S * (1.0 - t * t);
      }
      case SIGMOID: {
        double s = sigmoid(a);
        return s * (1.0 - s);
      }
      case RELU:
        return a > 0 ? 1.0 : 0.0;
      default:
        throw new AssertionError(this);
    }
  }

  /** {@code f''(a)}. */
  public double d2(double a) {
    switch (this) {
      case IDENTITY:
      case RELU:
        return 0.0;
      case TANH: {
        double t = tanh(a);
        return -2.0 * t * (1.0 - t * t);
      }
      case SCALED_TANH: {
        double t = tanh(S * a);
        return -2.0 * A * S * S * t * (1.0 - t * t);
      }
      case SIGMOID: {
        double s = sigmoid(a);
        return s * (1.0 - s) * (1.0 - 2.0 * s);
      }
      default:
        throw new AssertionError(this);
    }
  }

  /**
   * {@code tanh(a)} within 1 ulp of the exact value, without the native call of {@link
   * Math#tanh} (whose cost dominated small minibatches) and with nothing whose last bit could
   * differ between a scalar and a vector evaluation ({@link TanhKernel}): for {@code |a| < 0.6} a
   * polynomial {@code x + x·s·P(s)}, above it {@code 1 − 2/(e^{2|a|} + 1)} with the exponential
   * and the quotient computed in compensated arithmetic, 1 from 22 on; odd, {@code tanh(±0) = ±0},
   * NaN for NaN. Measured against 40-digit references: at most 0.78 ulp below 0.6, 0.63 above.
   */
  static double tanh(double a) {
    return TanhKernel.tanh(a);
  }

  private static double sigmoid(double a) {
    if (a >= 0) {
      return 1.0 / (1.0 + Math.exp(-a));
    }
    double e = Math.exp(a);
    return e / (1.0 + e);
  }

  // ---- batch kernels over the first n entries of flat arrays (package-private hot paths) ----

  /** {@code x[i] = f(a[i])}. */
  void forward(double[] a, double[] x, int n) {
    switch (this) {
      case IDENTITY:
        System.arraycopy(a, 0, x, 0, n);
        return;
      case TANH:
        TanhKernel.kernel().apply(a, x, n, 1.0, 1.0);
        return;
      case SCALED_TANH:
        TanhKernel.kernel().apply(a, x, n, S, A);
        return;
      default:
        for (int i = 0; i < n; i++) {
          x[i] = value(a[i]);
        }
    }
  }

  /**
   * {@code out[i] = f'(a[i])} for {@code i < n}, read off the output {@code x = f(a)} where {@link
   * #d1(double)} computes it from {@code f(a)} ({@code tanh}, {@code sigmoid}): the same bits, without
   * evaluating {@code f} again.
   */
  void d1(double[] a, double[] x, double[] out, int n) {
    switch (this) {
      case IDENTITY:
        java.util.Arrays.fill(out, 0, n, 1.0);
        return;
      case TANH:
        for (int i = 0; i < n; i++) {
          double t = x[i];
          out[i] = 1.0 - t * t;
        }
        return;
      case SIGMOID:
        for (int i = 0; i < n; i++) {
          double s = x[i];
          out[i] = s * (1.0 - s);
        }
        return;
      default:
        for (int i = 0; i < n; i++) {
          out[i] = d1(a[i]);
        }
    }
  }

  /**
   * {@code out[i] = f''(a[i]) * g[i]} for {@code i < n} ({@code out[i] +=} that with {@code add}),
   * {@code f''} read off {@code x = f(a)} as {@link #d1(double[], double[], double[], int)} does.
   */
  void d2Times(double[] a, double[] x, double[] g, double[] out, int n, boolean add) {
    switch (this) {
      case IDENTITY:
      case RELU:
        if (!add) {
          java.util.Arrays.fill(out, 0, n, 0.0);
        }
        return;
      case TANH:
        for (int i = 0; i < n; i++) {
          double t = x[i];
          double v = -2.0 * t * (1.0 - t * t) * g[i];
          out[i] = add ? out[i] + v : v;
        }
        return;
      case SIGMOID:
        for (int i = 0; i < n; i++) {
          double s = x[i];
          double v = s * (1.0 - s) * (1.0 - 2.0 * s) * g[i];
          out[i] = add ? out[i] + v : v;
        }
        return;
      default:
        for (int i = 0; i < n; i++) {
          double v = d2(a[i]) * g[i];
          out[i] = add ? out[i] + v : v;
        }
    }
  }

  /**
   * The R-backward step through the activation: {@code out[i] = f''(a[i])·ra[i]·dx[i] +
   * f'(a[i])·rdx[i]}, {@code f'} and {@code f''} read off {@code x = f(a)} as {@link #d1(double[],
   * double[], double[], int)} does; {@code out} may be none of the inputs.
   */
  void rBackward(
      double[] a, double[] x, double[] ra, double[] dx, double[] rdx, double[] out, int n) {
    switch (this) {
      case IDENTITY:
      case RELU:
        multiplyD1(a, x, rdx, out, n);
        return;
      case TANH:
        for (int i = 0; i < n; i++) {
          double t = x[i];
          double d1 = 1.0 - t * t;
          double d2 = -2.0 * t * (1.0 - t * t);
          out[i] = d2 * ra[i] * dx[i] + d1 * rdx[i];
        }
        return;
      case SIGMOID:
        for (int i = 0; i < n; i++) {
          double s = x[i];
          double d1 = s * (1.0 - s);
          double d2 = s * (1.0 - s) * (1.0 - 2.0 * s);
          out[i] = d2 * ra[i] * dx[i] + d1 * rdx[i];
        }
        return;
      default:
        for (int i = 0; i < n; i++) {
          out[i] = d2(a[i]) * ra[i] * dx[i] + d1(a[i]) * rdx[i];
        }
    }
  }

  /**
   * {@code out[i] = f'(a[i]) * g[i]}, reading {@code f'} off the output {@code x = f(a)} where that is
   * cheaper; {@code out} may be {@code g}.
   */
  void multiplyD1(double[] a, double[] x, double[] g, double[] out, int n) {
    switch (this) {
      case IDENTITY:
        if (out != g) {
          System.arraycopy(g, 0, out, 0, n);
        }
        return;
      case TANH:
        for (int i = 0; i < n; i++) {
          out[i] = (1.0 - x[i] * x[i]) * g[i];
        }
        return;
      case SCALED_TANH:
        for (int i = 0; i < n; i++) {
          double t = x[i] / A;
          out[i] = A * S * (1.0 - t * t) * g[i];
        }
        return;
      case SIGMOID:
        for (int i = 0; i < n; i++) {
          out[i] = x[i] * (1.0 - x[i]) * g[i];
        }
        return;
      case RELU:
        for (int i = 0; i < n; i++) {
          out[i] = a[i] > 0 ? g[i] : 0.0;
        }
        return;
      default:
        throw new AssertionError(this);
    }
  }

  /**
   * Multiplies factor rows by {@code f'} of their samples: rows {@code 0 .. samples·perSample-1}
   * of {@code g} ({@code width} wide), row {@code r} belonging to sample {@code first + r /
   * perSample} of {@code a} and {@code x}. Smooth activations evaluate each sample's {@code f'} once, into {@code
   * factors} ({@link #d1Factors}, at least {@code width} long), and multiply every row of the
   * sample by it; {@code relu} zeroes the rows where {@code a ≤ 0}.
   */
  void multiplyD1Rows(
      double[] a, double[] x, int first, int samples, int perSample, double[] g, int width,
      double[] factors) {
    if (this == IDENTITY) {
      return;
    }
    for (int n = 0; n < samples; n++) {
      int aOff = (first + n) * width;
      int from = n * perSample * width;
      int to = from + perSample * width;
      if (this == RELU) {
        for (int row = from; row < to; row += width) {
          for (int i = 0; i < width; i++) {
            if (!(a[aOff + i] > 0)) {
              g[row + i] = 0.0;
            }
          }
        }
        continue;
      }
      d1Factors(a, x, aOff, factors, width);
      for (int row = from; row < to; row += width) {
        for (int i = 0; i < width; i++) {
          g[row + i] *= factors[i];
        }
      }
    }
  }

  /**
   * Multiplies each sample's row of {@code q} ({@code samples × width}, sums of squared factor
   * rows) by {@code f'²} of that sample: {@link #multiplyD1Rows} for rows that are only squared and
   * summed, once per unit instead of once per row. {@code relu} zeroes the entries where {@code a ≤
   * 0}, as its masked rows would give.
   */
  void multiplySquaredD1(
      double[] a, double[] x, int samples, double[] q, int width, double[] factors) {
    if (this == IDENTITY) {
      return;
    }
    for (int n = 0; n < samples; n++) {
      int off = n * width;
      if (this == RELU) {
        for (int i = 0; i < width; i++) {
          if (!(a[off + i] > 0)) {
            q[off + i] = 0.0;
          }
        }
        continue;
      }
      d1Factors(a, x, off, factors, width);
      for (int i = 0; i < width; i++) {
        double f = factors[i];
        q[off + i] *= f * f;
      }
    }
  }

  /**
   * {@code out[i] = f'(a[aOff+i])} for {@code i < n}, read off the output {@code x} where cheaper
   * (no {@code tanh} per element: the exact diagonal's rows once spent a third of their time
   * recomputing it). Not for piecewise-linear activations ({@link #multiplyD1Rows} masks their
   * rows).
   */
  void d1Factors(double[] a, double[] x, int aOff, double[] out, int n) {
    switch (this) {
      case TANH:
        for (int i = 0; i < n; i++) {
          double t = x[aOff + i];
          out[i] = 1.0 - t * t;
        }
        return;
      case SCALED_TANH:
        for (int i = 0; i < n; i++) {
          double t = x[aOff + i] / A;
          out[i] = A * S * (1.0 - t * t);
        }
        return;
      case SIGMOID:
        for (int i = 0; i < n; i++) {
          double t = x[aOff + i];
          out[i] = t * (1.0 - t);
        }
        return;
      case IDENTITY:
      case RELU:
        throw new AssertionError(this);
      default:
        for (int i = 0; i < n; i++) {
          out[i] = d1(a[aOff + i]);
        }
    }
  }
}
