package org.obd.core;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Element-wise activation functions {@code x = f(a)} with their first and second derivatives.
 *
 * <p>The config and model-file name of each constant is {@link #configName()}. {@code relu} uses
 * {@code f'(0) = 0} and {@code f'' = 0} everywhere (its second derivative is zero almost
 * everywhere).
 */
public enum Activation {
  /** {@code f(a) = a}. */
  IDENTITY("identity"),
  /** {@code f(a) = tanh(a)}. */
  TANH("tanh"),
  /** LeCun's scaled tanh {@code f(a) = 1.7159 tanh(2a/3)}. */
  SCALED_TANH("scaled-tanh"),
  /** The logistic function {@code f(a) = 1 / (1 + e^-a)}. */
  SIGMOID("sigmoid"),
  /** {@code f(a) = max(0, a)}. */
  RELU("relu");

  private static final double A = 1.7159;
  private static final double S = 2.0 / 3.0;

  private final String configName;

  Activation(String configName) {
    this.configName = configName;
  }

  /** The name used in configs and model files, e.g. {@code scaled-tanh}. */
  public String configName() {
    return configName;
  }

  /**
   * Looks up an activation by its config name.
   *
   * @throws IllegalArgumentException naming the value and the valid choices
   */
  public static Activation fromName(String name) {
    for (Activation a : values()) {
      if (a.configName.equals(name)) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "unknown activation '" + name + "'; expected one of " + names());
  }

  /** The valid config names, comma separated. */
  public static String names() {
    return Arrays.stream(values()).map(Activation::configName).collect(Collectors.joining(", "));
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
        return Math.tanh(a);
      case SCALED_TANH:
        return A * Math.tanh(S * a);
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
        double t = Math.tanh(a);
        return 1.0 - t * t;
      }
      case SCALED_TANH: {
        double t = Math.tanh(S * a);
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
        double t = Math.tanh(a);
        return -2.0 * t * (1.0 - t * t);
      }
      case SCALED_TANH: {
        double t = Math.tanh(S * a);
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
        for (int i = 0; i < n; i++) {
          x[i] = Math.tanh(a[i]);
        }
        return;
      default:
        for (int i = 0; i < n; i++) {
          x[i] = value(a[i]);
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
   * {@code g[gOff+i] *= f'(a[aOff+i])} for {@code i < n}, reading {@code f'} off the output {@code
   * x} where cheaper.
   */
  void multiplyD1Row(double[] a, double[] x, int aOff, double[] g, int gOff, int n) {
    switch (this) {
      case IDENTITY:
        return;
      case TANH:
        for (int i = 0; i < n; i++) {
          double t = x[aOff + i];
          g[gOff + i] *= 1.0 - t * t;
        }
        return;
      case SIGMOID:
        for (int i = 0; i < n; i++) {
          double t = x[aOff + i];
          g[gOff + i] *= t * (1.0 - t);
        }
        return;
      case RELU:
        for (int i = 0; i < n; i++) {
          if (!(a[aOff + i] > 0)) {
            g[gOff + i] = 0.0;
          }
        }
        return;
      default:
        for (int i = 0; i < n; i++) {
          g[gOff + i] *= d1(a[aOff + i]);
        }
    }
  }
}
