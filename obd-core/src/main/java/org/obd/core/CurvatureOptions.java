package org.obd.core;

/**
 * Options of the Hessian-diagonal methods; each method reads only those it uses.
 *
 * @param probes number of Rademacher probes of {@code hutchinson}, at least 1
 * @param seed seed of {@code hutchinson}'s probes
 */
public record CurvatureOptions(int probes, long seed) {

  /** Default number of Hutchinson probes. */
  public static final int DEFAULT_PROBES = 16;

  /** Validates the probe count. */
  public CurvatureOptions {
    if (probes < 1) {
      throw new IllegalArgumentException("probes must be 1 or greater, found " + probes);
    }
  }

  /** {@value #DEFAULT_PROBES} probes, seed 0. */
  public static CurvatureOptions defaults() {
    return new CurvatureOptions(DEFAULT_PROBES, 0L);
  }
}
