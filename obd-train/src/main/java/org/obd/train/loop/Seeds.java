package org.obd.train.loop;

/**
 * Seeds derived from one experiment seed, so that every random choice (split, initialisation,
 * each epoch's shuffle, each strategy's scores) has its own stream and resuming at any point needs
 * no saved random state: {@code derive(seed, a, b, …)} depends only on its arguments.
 */
public final class Seeds {

  private Seeds() {}

  /** A seed for the sub-stream named by {@code path} (SplitMix64 finalisation of each step). */
  public static long derive(long seed, long... path) {
    long h = mix(seed);
    for (long p : path) {
      h = mix(h ^ mix(p + 0x9E3779B97F4A7C15L));
    }
    return h;
  }

  /**
   * {@code derive(seed, p)} without the varargs array: the same value, no allocation (the
   * trainer derives one seed per step).
   */
  public static long derive(long seed, long p) {
    return mix(mix(seed) ^ mix(p + 0x9E3779B97F4A7C15L));
  }

  /** {@link #derive} with a label hashed by {@link String#hashCode()} (stable across JVMs). */
  public static long derive(long seed, String label, long... path) {
    long[] all = new long[path.length + 1];
    all[0] = label.hashCode();
    System.arraycopy(path, 0, all, 1, path.length);
    return derive(seed, all);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
