package org.obd.testkit;

import java.util.Random;
import org.obd.core.Dataset;

/**
 * Tiny, fixed data sets with known structure, for examples and known-value tests. Inputs are
 * symmetric around 0 ({@code ±1} for the Boolean sets), which suits tanh-like units.
 */
public final class TinyData {

  /** Largest bit count accepted by {@link #parity(int)} (2¹⁶ samples). */
  public static final int MAX_PARITY_BITS = 16;

  private TinyData() {}

  /**
   * Exclusive or as a regression problem for {@code mse}: the 4 samples {@code (x₁, x₂) ∈ {−1,
   * +1}²} in the order {@code (−1,−1), (−1,+1), (+1,−1), (+1,+1)}, each with one real target:
   * {@code +1} when exactly one input is {@code +1}, {@code −1} otherwise. (For a two-class
   * version with one-hot targets use {@code parity(2)}.)
   */
  public static Dataset xor() {
    double[][] x = {{-1, -1}, {-1, 1}, {1, -1}, {1, 1}};
    double[][] y = {{-1}, {1}, {1}, {-1}};
    return Dataset.of(x, y);
  }

  /**
   * Parity of {@code bits} Boolean inputs as a two-class problem: all {@code 2^bits} samples, in
   * binary counting order (sample {@code i}'s input {@code j} is {@code +1} when bit
   * {@code bits−1−j} of {@code i} is set, {@code −1} otherwise); one-hot targets over 2 classes,
   * class 1 when an odd number of inputs is {@code +1}, class 0 otherwise.
   *
   * @param bits number of inputs, 1 to {@value #MAX_PARITY_BITS}
   */
  public static Dataset parity(int bits) {
    if (bits < 1 || bits > MAX_PARITY_BITS) {
      throw new IllegalArgumentException(
          "parity bits must be between 1 and " + MAX_PARITY_BITS + ", found " + bits);
    }
    int n = 1 << bits;
    double[][] x = new double[n][bits];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < bits; j++) {
        x[i][j] = ((i >> (bits - 1 - j)) & 1) == 1 ? 1.0 : -1.0;
      }
      labels[i] = Integer.bitCount(i) % 2;
    }
    return Dataset.classification(x, labels, 2);
  }

  /**
   * Two interleaved spirals in the plane, a two-class problem with one-hot targets: sample
   * {@code i} belongs to class {@code i mod 2}; its angle {@code φ} is uniform on {@code [0, 3π]},
   * its radius {@code φ / 3π} (so points lie in the unit disc), class 1 rotated by {@code π}
   * against class 0, and Gaussian noise of standard deviation 0.02 is added to both coordinates.
   * The same {@code seed} gives the same data.
   *
   * @param n number of samples, at least 2
   * @param seed seed of the angles and the noise
   */
  public static Dataset spirals(int n, long seed) {
    if (n < 2) {
      throw new IllegalArgumentException("spirals needs n of 2 or greater, found " + n);
    }
    Random r = new Random(seed);
    double[][] x = new double[n][2];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int c = i % 2;
      double phi = 3 * Math.PI * r.nextDouble();
      double radius = phi / (3 * Math.PI);
      double angle = phi + c * Math.PI;
      x[i][0] = radius * Math.cos(angle) + 0.02 * r.nextGaussian();
      x[i][1] = radius * Math.sin(angle) + 0.02 * r.nextGaussian();
      labels[i] = c;
    }
    return Dataset.classification(x, labels, 2);
  }
}
