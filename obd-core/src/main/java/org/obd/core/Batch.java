package org.obd.core;

/**
 * A minibatch: a view of some rows of a {@link Dataset}, by index, without copying them. The
 * engine gathers the rows into its work buffers when a pass runs; the data set was validated when
 * it was made, and a batch's indices when the batch was made, so nothing is checked again per
 * step.
 *
 * <p>A batch made by {@link #of} reads {@code rows[from .. from+size-1]} of an index array it does
 * not copy: the array may be shared by many batches and permuted in place between passes (as
 * {@link Minibatches} does each epoch), as long as it keeps holding valid row indices.
 */
public final class Batch {

  private final Dataset data;
  private final int[] rows;
  private final int from;
  private final int size;

  private Batch(Dataset data, int[] rows, int from, int size) {
    this.data = data;
    this.rows = rows;
    this.from = from;
    this.size = size;
  }

  /** Every row of the data set, in order. */
  public static Batch all(Dataset data) {
    return new Batch(data, null, 0, data.size());
  }

  /**
   * Rows {@code from} (inclusive) to {@code to} (exclusive) of the data set.
   *
   * @throws IllegalArgumentException unless {@code 0 ≤ from ≤ to ≤ N}
   */
  public static Batch range(Dataset data, int from, int to) {
    if (from < 0 || from > to || to > data.size()) {
      throw new IllegalArgumentException(
          "rows " + from + ".." + to + " must satisfy 0 <= from <= to <= " + data.size());
    }
    return new Batch(data, null, from, to - from);
  }

  /**
   * The rows {@code rows[from .. from+size-1]} of the data set: a view of {@code rows}, not a
   * copy.
   *
   * @throws IllegalArgumentException if the range is outside the array or an index is outside
   *     {@code 0..N-1}
   */
  public static Batch of(Dataset data, int[] rows, int from, int size) {
    if (from < 0 || size < 0 || from + size > rows.length) {
      throw new IllegalArgumentException(
          "batch [" + from + ", " + (from + size) + ") is outside the index array of "
              + rows.length);
    }
    for (int i = from; i < from + size; i++) {
      if (rows[i] < 0 || rows[i] >= data.size()) {
        throw new IllegalArgumentException(
            "row index " + rows[i] + " at position " + i + " is outside 0.." + (data.size() - 1));
      }
    }
    return new Batch(data, rows, from, size);
  }

  /** The data set the rows belong to. */
  public Dataset data() {
    return data;
  }

  /** Number of rows. */
  public int size() {
    return size;
  }

  /** The data-set index of the batch's {@code i}-th row. */
  public int row(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException("row " + i + " of a batch of " + size);
    }
    return rows == null ? from + i : rows[from + i];
  }

  int[] index() {
    return rows;
  }

  int from() {
    return from;
  }

  @Override
  public String toString() {
    return "Batch[" + size + " of " + data.size() + " rows]";
  }
}
