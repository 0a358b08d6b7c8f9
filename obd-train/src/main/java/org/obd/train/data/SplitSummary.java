package org.obd.train.data;

import java.util.Arrays;

/**
 * What a run records about one split of a {@link PreparedData}.
 *
 * @param size number of samples in the split (0 for a split of fraction 0)
 * @param classCounts number of samples of each class {@code 0..C-1} in the split; empty for real
 *     targets (a copy is kept and returned)
 */
public record SplitSummary(int size, int[] classCounts) {

  /** Validates and copies. */
  public SplitSummary {
    if (size < 0) {
      throw new IllegalArgumentException("split size must be 0 or greater, found " + size);
    }
    classCounts = classCounts.clone();
  }

  /** A copy of the class counts. */
  @Override
  public int[] classCounts() {
    return classCounts.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SplitSummary s
        && size == s.size
        && Arrays.equals(classCounts, s.classCounts);
  }

  @Override
  public int hashCode() {
    return size * 31 + Arrays.hashCode(classCounts);
  }

  @Override
  public String toString() {
    return "SplitSummary[size=" + size + ", classCounts=" + Arrays.toString(classCounts) + "]";
  }
}
