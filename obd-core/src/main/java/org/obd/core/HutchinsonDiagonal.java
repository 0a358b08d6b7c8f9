package org.obd.core;

import java.util.SplittableRandom;

/**
 * {@code hutchinson}: the mean of {@code z ⊙ Hz} over Rademacher probes {@code z} (entries ±1,
 * drawn from {@link SplittableRandom} seeded per call), with exact Hessian-vector products
 * (Pearlmutter's R-operator). Unbiased; the variance of entry {@code k} per probe is
 * {@code Σ_{j≠k} H_kj²}. Cost: about two to three gradients per probe.
 */
final class HutchinsonDiagonal implements HessianDiagonal {

  /**
   * Options of {@code hutchinson}.
   *
   * @param probes number of Rademacher probes, at least 1
   */
  public record Options(int probes) {

    /** Validates the probe count, naming the key. */
    public Options {
      if (probes < 1) {
        throw new IllegalArgumentException(
            "option 'probes' must be 1 or greater, found " + probes);
      }
    }
  }

  /** Default number of probes. */
  static final int DEFAULT_PROBES = 16;

  /** The declaration of {@code hutchinson}. */
  static final Descriptor<Options, HessianDiagonal> DESCRIPTOR =
      Descriptor.of(
          "hutchinson",
          "Hutchinson estimate: mean of z*Hz over Rademacher probes (option probes; ~2-3"
              + " gradients per probe)",
          "Hutchinson (1990), A Stochastic Estimator of the Trace of the Influence Matrix; Bekas,"
              + " Kokiopoulou & Saad (2007), An Estimator for the Diagonal of a Matrix",
          new Options(DEFAULT_PROBES),
          HutchinsonDiagonal::new);

  private final Options options;

  private HutchinsonDiagonal(Options options) {
    this.options = options;
  }

  @Override
  public String name() {
    return "hutchinson";
  }

  @Override
  public Record options() {
    return options;
  }

  @Override
  public boolean stochastic() {
    return true;
  }

  @Override
  public double[] compute(
      Objective objective, double[] theta, Mask mask, Batch batch, Reduction reduction,
      long seed) {
    int p = theta.length;
    double[] sum = new double[p];
    double[] z = new double[p];
    double[] hz = new double[p];
    SplittableRandom random = new SplittableRandom(seed);
    int probes = options.probes();
    for (int i = 0; i < probes; i++) {
      for (int k = 0; k < p; k++) {
        z[k] = random.nextBoolean() ? 1.0 : -1.0;
      }
      mask.apply(z);
      objective.hessianVector(theta, mask, batch, reduction, z, hz);
      for (int k = 0; k < p; k++) {
        sum[k] += z[k] * hz[k];
      }
    }
    for (int k = 0; k < p; k++) {
      sum[k] /= probes;
    }
    return sum;
  }

  @Override
  public String toString() {
    return name() + Descriptor.optionsMap(options);
  }
}
