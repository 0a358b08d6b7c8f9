package org.obd.core;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Which parameters are deleted. Immutable. A deleted parameter is exactly 0, receives no gradient
 * and no curvature, and is never ranked again. Indices follow the network's parameter order.
 */
public final class Mask {

  private final int size;
  private final BitSet deleted;

  private Mask(int size, BitSet deleted) {
    this.size = size;
    this.deleted = deleted;
  }

  /** A mask over {@code size} parameters with nothing deleted. */
  public static Mask none(int size) {
    if (size < 0) {
      throw new IllegalArgumentException("mask size must be 0 or greater, found " + size);
    }
    return new Mask(size, new BitSet(size));
  }

  /** A mask over {@code size} parameters deleting the given indices. */
  public static Mask of(int size, int... deleted) {
    return none(size).delete(deleted);
  }

  /** Number of parameters the mask covers. */
  public int size() {
    return size;
  }

  /** Whether parameter {@code k} is deleted. */
  public boolean isDeleted(int k) {
    check(k);
    return deleted.get(k);
  }

  /** Number of deleted parameters. */
  public int deletedCount() {
    return deleted.cardinality();
  }

  /** Number of parameters left. */
  public int remaining() {
    return size - deletedCount();
  }

  /** The deleted indices, ascending. */
  public int[] deletedIndices() {
    return deleted.stream().toArray();
  }

  /** A new mask that also deletes the given indices. */
  public Mask delete(int... indices) {
    BitSet b = (BitSet) deleted.clone();
    for (int k : indices) {
      check(k);
      b.set(k);
    }
    return new Mask(size, b);
  }

  /** Sets every deleted entry of {@code v} (length {@link #size()}) to 0, in place. */
  public void apply(double[] v) {
    if (v.length != size) {
      throw new IllegalArgumentException(
          "vector has " + v.length + " entries but the mask covers " + size);
    }
    for (int k = deleted.nextSetBit(0); k >= 0; k = deleted.nextSetBit(k + 1)) {
      v[k] = 0.0;
    }
  }

  private void check(int k) {
    if (k < 0 || k >= size) {
      throw new IndexOutOfBoundsException(
          "parameter index " + k + " is outside 0.." + (size - 1));
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Mask m && m.size == size && m.deleted.equals(deleted);
  }

  @Override
  public int hashCode() {
    return 31 * size + deleted.hashCode();
  }

  @Override
  public String toString() {
    return "Mask[" + deletedCount() + "/" + size + " deleted " + Arrays.toString(deletedIndices())
        + "]";
  }
}
