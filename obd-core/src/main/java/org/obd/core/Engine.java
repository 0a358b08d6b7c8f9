package org.obd.core;

import java.util.stream.IntStream;

/**
 * Runs a per-minibatch task over a data set and reduces the per-shard results deterministically.
 *
 * <p>The data set is cut into minibatches of {@code batchSize} rows and the minibatches into at
 * most {@link #MAX_SHARDS} contiguous shards. Each shard accumulates into its own
 * {@link Workspace}; shards run on both cores when the data set is large, and their results are
 * summed in shard order, so the answer depends only on the data and the batch size, never on the
 * number of threads.
 */
final class Engine {

  /** Upper bound on shards (and workspaces). */
  static final int MAX_SHARDS = 8;

  /** Below this many samples the shards run on the calling thread only. */
  static final int PARALLEL_THRESHOLD = 1024;

  /** Which per-layer accumulators of a workspace are a task's result over parameters. */
  enum Result {
    /** Only {@code accScalar} (e.g. the objective value) or nothing. */
    NONE,
    /** The first-order accumulators {@code gw, gb} (the gradient). */
    GRADIENT,
    /** The second-order accumulators {@code hw, hb} (Hessian products and diagonals). */
    CURVATURE
  }

  /** One unit of work over a minibatch already loaded into {@code ws.x[0]}. */
  interface Task {
    /** Called once per shard before its first minibatch, after the accumulators are zeroed. */
    default void startShard(Workspace ws) {}

    /** Processes rows {@code from .. from+ws.rows-1} of the data set. */
    void batch(Workspace ws, int from);
  }

  private final Network network;
  private final int batchSize;
  private final Workspace[] pool = new Workspace[MAX_SHARDS];
  private final boolean parallel;

  Engine(Network network, int batchSize, boolean parallel) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be 1 or greater, found " + batchSize);
    }
    this.network = network;
    this.batchSize = batchSize;
    this.parallel = parallel;
  }

  Network network() {
    return network;
  }

  boolean isParallel() {
    return parallel;
  }

  int batchSize() {
    return batchSize;
  }

  private Workspace workspace(int shard) {
    if (pool[shard] == null) {
      pool[shard] = new Workspace(network, batchSize);
    }
    return pool[shard];
  }

  /**
   * Runs {@code task} over every minibatch with {@code theta} loaded (and {@code direction}, masked,
   * when not null). After each shard the accumulators named by {@code result} are flushed into the
   * shard's {@code acc}; the shards' {@code acc} are added into {@code out} (when not null) in
   * shard order, and the sum of their {@code accScalar} is returned.
   */
  synchronized double run(
      Dataset data,
      double[] theta,
      double[] direction,
      Mask mask,
      Result result,
      Task task,
      double[] out) {
    data.checkFits(network);
    int n = data.size();
    int batches = (n + batchSize - 1) / batchSize;
    int shards = Math.max(1, Math.min(MAX_SHARDS, batches));
    for (int s = 0; s < shards; s++) {
      Workspace ws = workspace(s);
      ws.load(theta);
      if (direction != null) {
        ws.loadDirection(direction, mask);
      }
    }
    IntStream ids = IntStream.range(0, shards);
    if (parallel && n >= PARALLEL_THRESHOLD && shards > 1) {
      ids = ids.parallel();
    }
    ids.forEach(
        s -> {
          Workspace ws = pool[s];
          ws.resetAccumulators();
          task.startShard(ws);
          int first = (int) ((long) s * batches / shards);
          int last = (int) ((long) (s + 1) * batches / shards);
          for (int bi = first; bi < last; bi++) {
            int from = bi * batchSize;
            int rows = Math.min(batchSize, n - from);
            ws.setBatch(data, from, rows);
            task.batch(ws, from);
          }
          if (result == Result.GRADIENT) {
            ws.flush(ws.gw, ws.gb);
          } else if (result == Result.CURVATURE) {
            ws.flush(ws.hw, ws.hb);
          }
        });
    double total = 0;
    for (int s = 0; s < shards; s++) {
      Workspace ws = pool[s];
      total += ws.accScalar;
      if (out != null) {
        for (int k = 0; k < out.length; k++) {
          out[k] += ws.acc[k];
        }
      }
    }
    return total;
  }
}
