package org.obd.core;

import java.util.SplittableRandom;

/**
 * A data set cut into minibatches of a fixed size (the last one smaller when the size does not
 * divide N), in an order that {@link #shuffle(long)} permutes: one seeded Fisher–Yates shuffle per
 * epoch. The batches are views of one shared index array, made once, so iterating them allocates
 * nothing; a shuffle permutes the array in place and so reorders every batch.
 *
 * <p>The order after {@code shuffle(seed)} depends only on the seed and N: resuming training at an
 * epoch needs only that epoch's seed, never a saved random state.
 */
public final class Minibatches {

  private final Dataset data;
  private final int[] order;
  private final Batch[] batches;

  /**
   * Batches of {@code batchSize} rows in data-set order (until shuffled).
   *
   * @throws IllegalArgumentException if the batch size is below 1 or the data set is empty
   */
  public Minibatches(Dataset data, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be 1 or greater, found " + batchSize);
    }
    if (data.size() == 0) {
      throw new IllegalArgumentException("cannot cut an empty data set into minibatches");
    }
    this.data = data;
    int n = data.size();
    order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    int count = (n + batchSize - 1) / batchSize;
    batches = new Batch[count];
    for (int b = 0; b < count; b++) {
      int from = b * batchSize;
      batches[b] = Batch.of(data, order, from, Math.min(batchSize, n - from));
    }
  }

  /** The data set. */
  public Dataset data() {
    return data;
  }

  /** Number of batches per epoch. */
  public int count() {
    return batches.length;
  }

  /** Batch {@code i} of the current order. */
  public Batch get(int i) {
    return batches[i];
  }

  /**
   * Puts the rows in the order of a Fisher–Yates shuffle seeded with {@code seed}, starting from
   * data-set order, so the result depends on the seed alone.
   */
  public void shuffle(long seed) {
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }
}
