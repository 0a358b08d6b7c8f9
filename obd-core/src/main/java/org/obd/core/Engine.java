package org.obd.core;

import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Runs a per-chunk task over the rows of a pass (a whole data set or a {@link Batch}) and reduces
 * the per-shard results deterministically.
 *
 * <p>The rows are cut into chunks of at most {@code chunkRows} rows (at most the workspaces'
 * {@code maxRows}) and the chunks into at most {@link #MAX_SHARDS} contiguous shards. Each shard
 * accumulates into its own {@link Workspace}; shards run on both cores when the pass has
 * {@link #PARALLEL_THRESHOLD} rows or more, and their results are summed in shard order, so the
 * answer depends only on the rows and the chunk size, never on the number of threads.
 *
 * <p>Workspaces hold the rows a pass runs in one chunk — at most {@code maxRows}, and no more than
 * the pass has — so a batch size far beyond the data costs no memory; a later pass with larger
 * chunks remakes them larger. A run allocates nothing once the workspaces exist: its settings live in one reused
 * {@link Call}, and the shards are started through one method reference made at construction.
 */
final class Engine {

  /** Upper bound on shards (and workspaces). */
  static final int MAX_SHARDS = 8;

  /** Below this many rows the shards run on the calling thread only. */
  static final int PARALLEL_THRESHOLD = 1024;

  /** One unit of work over a chunk already loaded into the workspace. */
  interface Task {
    /** Called once per shard before its first chunk, after the accumulators are zeroed. */
    default void startShard(Workspace ws) {}

    /** Processes the loaded chunk ({@code ws.rows} rows; settings in {@code ws.call}). */
    void batch(Workspace ws);
  }

  /**
   * The settings of the run in progress, shared by the workspaces (the engine is synchronized, so
   * there is one run at a time) and read by the tasks.
   */
  static final class Call {
    /** Per-sample weight of the loss sum: 1 for SUM, 1/rows for MEAN. */
    double scale;
    /** Whether the parameter gradient is accumulated (into {@code gw, gb}). */
    boolean gradient;
    /** Whether the backward pass runs (for the gradient, a product or a method that needs it). */
    boolean backward;
    /** Whether the Hessian-vector product along the loaded direction is accumulated. */
    boolean product;
    /** The Hessian-diagonal method accumulated in the same pass, or null. */
    BackpropDiagonal method;
    /** The loss. */
    Loss loss;
    /** Receives raw outputs (rows of the pass × outputs), or null. */
    double[] outputs;
    /**
     * Whether the shards run one after another on the calling thread, in shard order (for a method
     * that accumulates into state shared by the shards).
     */
    boolean serial;

    void clear() {
      scale = 1.0;
      gradient = false;
      backward = false;
      product = false;
      method = null;
      loss = null;
      outputs = null;
      serial = false;
    }
  }

  private final Network network;
  private final int maxRows;
  private final Workspace[] pool = new Workspace[MAX_SHARDS];
  private final boolean parallel;
  private final Call call = new Call();
  private final IntConsumer shardRunner = this::runShard;

  // the run in progress
  private Dataset data;
  private int[] index;
  private int from;
  private int count;
  private int chunkRows;
  private int chunks;
  private int shards;
  private Task task;
  private boolean flushGradient;
  private boolean flushCurvature;
  private double[] gradientOut;
  private double[] curvatureOut;

  Engine(Network network, int maxRows, boolean parallel) {
    if (maxRows < 1) {
      throw new IllegalArgumentException("batch size must be 1 or greater, found " + maxRows);
    }
    this.network = network;
    this.maxRows = maxRows;
    this.parallel = parallel;
  }

  Network network() {
    return network;
  }

  boolean isParallel() {
    return parallel;
  }

  /** Rows per chunk at most (the workspaces' capacity). */
  int batchSize() {
    return maxRows;
  }

  /**
   * The threads a run over {@code count} rows in chunks of {@code chunkRows} uses: 1 below {@link
   * #PARALLEL_THRESHOLD} rows or without {@code parallel}, else its shards spread over the calling
   * thread and the common fork-join pool.
   */
  int threads(int count, int chunkRows) {
    int rows = Math.max(1, Math.min(count, Math.min(chunkRows, maxRows)));
    int shards = Math.max(1, Math.min(MAX_SHARDS, (count + rows - 1) / rows));
    if (!parallel || count < PARALLEL_THRESHOLD || shards == 1) {
      return 1;
    }
    return Math.min(shards, ForkJoinPool.getCommonPoolParallelism() + 1);
  }

  /** The settings of the next run; callers fill it (after {@link Call#clear()}) inside a lock. */
  Call call() {
    return call;
  }

  /**
   * Shard {@code shard}'s workspace, holding at least {@code rows} rows: made on first use for the
   * rows the pass runs (not for the batch size, which may be far larger than the data), and remade
   * larger — at least doubled, at most {@code maxRows} — when a later pass needs more.
   */
  private Workspace workspace(int shard, int rows) {
    Workspace ws = pool[shard];
    if (ws == null || ws.maxRows < rows) {
      int capacity = ws == null ? rows : Math.min(maxRows, Math.max(rows, 2 * ws.maxRows));
      ws = new Workspace(network, capacity, call);
      pool[shard] = ws;
    }
    return ws;
  }

  /** The rows shard {@code shard}'s workspace holds (0 before its first pass), for tests. */
  int workspaceRows(int shard) {
    return pool[shard] == null ? 0 : pool[shard].maxRows;
  }

  /**
   * Runs {@code task} over rows {@code index[from..from+count-1]} of {@code data} (rows {@code
   * from..} when {@code index} is null) in chunks of at most {@code chunkRows}, with {@code theta}
   * loaded (and {@code direction}, masked, when not null). The sums of the gradient accumulators
   * overwrite {@code gradientOut} and those of the curvature ones {@code curvatureOut} (each when
   * not null; callers need not zero them), the shards' sums added in shard order; returns the sum
   * of the shards' loss sums.
   * The caller holds this engine's lock and has filled {@link #call()}.
   */
  double run(
      Dataset data,
      int[] index,
      int from,
      int count,
      int chunkRows,
      double[] theta,
      double[] direction,
      Mask mask,
      Task task,
      double[] gradientOut,
      double[] curvatureOut) {
    assert Thread.holdsLock(this);
    data.checkFits(network);
    if (count == 0) {
      if (gradientOut != null) {
        java.util.Arrays.fill(gradientOut, 0.0);
      }
      if (curvatureOut != null) {
        java.util.Arrays.fill(curvatureOut, 0.0);
      }
      return 0.0;
    }
    this.data = data;
    this.index = index;
    this.from = from;
    this.count = count;
    // at most the pass's rows: the same chunks, and no int overflow below for huge batch sizes
    this.chunkRows = Math.max(1, Math.min(count, Math.min(chunkRows, maxRows)));
    this.chunks = (count + this.chunkRows - 1) / this.chunkRows;
    this.shards = Math.max(1, Math.min(MAX_SHARDS, chunks));
    this.task = task;
    this.gradientOut = gradientOut;
    this.curvatureOut = curvatureOut;
    this.flushGradient = gradientOut != null;
    this.flushCurvature = curvatureOut != null;
    for (int s = 0; s < shards; s++) {
      Workspace ws = workspace(s, this.chunkRows);
      ws.load(theta);
      if (direction != null) {
        ws.loadDirection(direction, mask);
      }
    }
    try {
      if (parallel && !call.serial && count >= PARALLEL_THRESHOLD && shards > 1) {
        IntStream.range(0, shards).parallel().forEach(shardRunner);
      } else {
        for (int s = 0; s < shards; s++) {
          runShard(s);
        }
      }
      double total = 0;
      for (int s = 0; s < shards; s++) {
        Workspace ws = pool[s];
        total += ws.accValue;
        if (shards > 1) {
          if (flushGradient) {
            reduceInto(s, ws.accGradient, gradientOut);
          }
          if (flushCurvature) {
            reduceInto(s, ws.accCurvature, curvatureOut);
          }
        }
      }
      return total;
    } finally {
      for (int s = 0; s < shards; s++) {
        pool[s].endPass();
      }
      this.data = null;
      this.task = null;
      this.gradientOut = null;
      this.curvatureOut = null;
      this.index = null;
    }
  }

  /** Shard 0's sums are copied (they are {@code 0.0 + …} already), later shards' added. */
  private static void reduceInto(int shard, double[] src, double[] dst) {
    if (shard == 0) {
      System.arraycopy(src, 0, dst, 0, dst.length);
      return;
    }
    for (int k = 0; k < dst.length; k++) {
      dst[k] += src[k];
    }
  }

  private void runShard(int s) {
    Workspace ws = pool[s];
    ws.resetAccumulators(call.gradient || flushGradient, call.product || flushCurvature);
    // one shard: straight into the outputs; several: into per-shard sums added in order
    double[] gradientTarget =
        flushGradient ? (shards == 1 ? gradientOut : ws.gradientAccumulator()) : null;
    ws.startPass(Math.min(chunkRows, count), gradientTarget);
    task.startShard(ws);
    int first = (int) ((long) s * chunks / shards);
    int last = (int) ((long) (s + 1) * chunks / shards);
    for (int ci = first; ci < last; ci++) {
      int offset = ci * chunkRows;
      int rows = Math.min(chunkRows, count - offset);
      ws.setBatch(data, index, from + offset, rows, offset);
      task.batch(ws);
    }
    if (flushGradient) {
      ws.flushGradient(gradientTarget);
    }
    if (flushCurvature) {
      ws.flushCurvature(shards == 1 ? curvatureOut : ws.curvatureAccumulator());
    }
  }
}
