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
 * accumulates its own sums, starting from zero, in the {@link Workspace} of the thread that runs it
 * (one workspace per thread, which runs shards one after the other: each the next one not taken);
 * shards run on both cores when the pass has
 * {@link #PARALLEL_THRESHOLD} rows or more and enough work to pay for a second thread ({@link
 * #PARALLEL_WORK}), and their results are summed in shard order, so the answer depends only on the
 * rows and the chunk size, never on the number of threads.
 *
 * <p>Workspaces hold the rows a pass runs in one chunk — at most {@code maxRows}, and no more than
 * the pass has — so a batch size far beyond the data costs no memory; a later pass with larger
 * chunks remakes them larger. A run allocates nothing once the workspaces exist: its settings live in one reused
 * {@link Call}, and the shards are started through one method reference made at construction.
 */
final class Engine {

  /** Upper bound on shards (and on workspaces, one per thread running them). */
  static final int MAX_SHARDS = 8;

  /** Below this many rows the shards run on the calling thread only. */
  static final int PARALLEL_THRESHOLD = 1024;

  /**
   * Below this many multiply-adds in a forward pass over the pass's rows ({@link #work}) the
   * shards run on the calling thread only: on a 2-core machine that is also running other work,
   * starting a second thread and reducing its shards' sums costs more than it saves on passes of a
   * few milliseconds (64-30-10 on 2,000 rows: 4.6 million, serial; the digits study's network on
   * its 1,078 training rows: 11 million, both cores, its gradient 25 → 14 ms on an idle 2-core
   * machine; LeNet-16x16 on 2,000 rows: 56 million, and 256-100-10 on 7,000: 187 million, both
   * cores). The system property {@code
   * obd.parallel.work}, read when an objective is made, overrides it (0: every pass of 1,024 rows
   * or more runs its shards on both cores, as the thread-invariance properties need).
   */
  static final long PARALLEL_WORK = 8_000_000L;

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
  private final IntConsumer workerRunner = this::runWorker;
  /** The next shard a free worker takes, in a run on several threads. */
  private final java.util.concurrent.atomic.AtomicInteger nextShard =
      new java.util.concurrent.atomic.AtomicInteger();
  /** Per shard: its loss sum. */
  private final double[] shardValue = new double[MAX_SHARDS];
  /** Per shard: its gradient and curvature sums, when they cannot go into the output at once. */
  private final double[][] shardGradient = new double[MAX_SHARDS][];
  private final double[][] shardCurvature = new double[MAX_SHARDS][];
  /** Multiply-adds of one row's forward pass ({@link #work}). */
  private final long rowWork;
  /** {@link #PARALLEL_WORK} or the system property's value. */
  private final long parallelWork;

  // the run in progress
  private Dataset data;
  private int[] index;
  private int from;
  private int count;
  private int chunkRows;
  private int chunks;
  private int shards;
  private int workers;
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
    this.rowWork = work(network);
    this.parallelWork = Math.max(0L, Long.getLong("obd.parallel.work", PARALLEL_WORK));
  }

  /**
   * The multiply-adds of one row's forward pass, roughly: each layer's weights times the output
   * positions sharing them (a dense layer's weights once, a convolution's at every position), plus
   * one per output for the bias and the activation. The backward pass costs about twice as much.
   */
  static long work(Network network) {
    long w = 0;
    for (Layer layer : network.layers()) {
      long out = layer.outputShape().size();
      if (layer.weightCount() > 0) {
        w += (long) layer.weightCount() * (out / Math.max(1, layer.weightRows()));
      }
      w += out;
    }
    return w;
  }

  /** Whether a run over {@code count} rows in {@code shards} shards runs them on several threads. */
  private boolean parallelFor(int count, int shards) {
    return parallel && count >= PARALLEL_THRESHOLD && shards > 1
        && (long) count * rowWork >= parallelWork;
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
   * #PARALLEL_THRESHOLD} rows, below {@link #PARALLEL_WORK} or without {@code parallel}, else its
   * shards spread over the calling thread and the common fork-join pool.
   */
  int threads(int count, int chunkRows) {
    int rows = Math.max(1, Math.min(count, Math.min(chunkRows, maxRows)));
    int shards = Math.max(1, Math.min(MAX_SHARDS, (count + rows - 1) / rows));
    if (!parallelFor(count, shards)) {
      return 1;
    }
    return Math.min(shards, ForkJoinPool.getCommonPoolParallelism() + 1);
  }

  /** The settings of the next run; callers fill it (after {@link Call#clear()}) inside a lock. */
  Call call() {
    return call;
  }

  /**
   * Worker {@code worker}'s workspace, holding at least {@code rows} rows: made on first use for the
   * rows the pass runs (not for the batch size, which may be far larger than the data), and remade
   * larger — at least doubled, at most {@code maxRows} — when a later pass needs more.
   */
  private Workspace workspace(int worker, int rows) {
    Workspace ws = pool[worker];
    if (ws == null || ws.maxRows < rows) {
      int capacity = ws == null ? rows : Math.min(maxRows, Math.max(rows, 2 * ws.maxRows));
      ws = new Workspace(network, capacity, call);
      pool[worker] = ws;
    }
    return ws;
  }

  /** The rows worker {@code worker}'s workspace holds (0 before its first pass), for tests. */
  int workspaceRows(int worker) {
    return pool[worker] == null ? 0 : pool[worker].maxRows;
  }

  /** The workspaces made so far, for tests: one per thread that has run a pass. */
  int workspaces() {
    int n = 0;
    for (Workspace ws : pool) {
      if (ws != null) {
        n++;
      }
    }
    return n;
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
    this.workers =
        !call.serial && parallelFor(count, shards)
            ? Math.min(shards, ForkJoinPool.getCommonPoolParallelism() + 1)
            : 1;
    for (int t = 0; t < workers; t++) {
      Workspace ws = workspace(t, this.chunkRows);
      ws.load(theta);
      if (direction != null) {
        ws.loadDirection(direction, mask);
      }
    }
    try {
      if (workers > 1) {
        nextShard.set(0);
        IntStream.range(0, workers).parallel().forEach(workerRunner);
        // shard 0's sums are in the outputs already; the others' added in shard order
        for (int s = 1; s < shards; s++) {
          if (flushGradient) {
            addInto(shardGradient[s], gradientOut);
          }
          if (flushCurvature) {
            addInto(shardCurvature[s], curvatureOut);
          }
        }
      } else {
        runWorker(0);
      }
      double total = 0;
      for (int s = 0; s < shards; s++) {
        total += shardValue[s];
      }
      return total;
    } finally {
      for (int t = 0; t < workers; t++) {
        pool[t].endPass();
      }
      this.data = null;
      this.task = null;
      this.gradientOut = null;
      this.curvatureOut = null;
      this.index = null;
    }
  }

  /** {@code dst += src}. */
  private static void addInto(double[] src, double[] dst) {
    for (int k = 0; k < dst.length; k++) {
      dst[k] += src[k];
    }
  }

  /**
   * Runs shards on worker {@code t}'s workspace: alone, all of them in order; with other workers,
   * whichever is next when it is free (a thread slowed by other work on its core runs fewer), each
   * shard's sums kept apart and added in shard order once all are done.
   */
  private void runWorker(int t) {
    Workspace ws = pool[t];
    if (workers == 1) {
      for (int s = 0; s < shards; s++) {
        runShard(s, ws, true);
      }
      return;
    }
    for (int s = nextShard.getAndIncrement(); s < shards; s = nextShard.getAndIncrement()) {
      runShard(s, ws, false);
    }
  }

  /**
   * Where shard {@code s}'s sums go: shard 0's straight into the output (a flush writes {@code 0.0
   * + …}, the bits of adding them to zeros); on one thread ({@code inOrder}) the later shards' into
   * one scratch array, added into the output as each finishes; on several, into arrays of their
   * own, added in shard order once all are done. So the output is always {@code ((s₀ + s₁) + s₂) +
   * …}, whichever thread ran which shard.
   */
  private double[] sums(int s, boolean inOrder, double[][] arrays, double[] out) {
    if (s == 0) {
      return out;
    }
    int slot = inOrder ? 0 : s;
    if (arrays[slot] == null) {
      arrays[slot] = new double[network.parameterCount()];
    }
    return arrays[slot];
  }

  private void runShard(int s, Workspace ws, boolean inOrder) {
    double[] g = flushGradient ? sums(s, inOrder, shardGradient, gradientOut) : null;
    double[] h = flushCurvature ? sums(s, inOrder, shardCurvature, curvatureOut) : null;
    ws.resetAccumulators(call.gradient || flushGradient, call.product || flushCurvature);
    ws.startPass(Math.min(chunkRows, count), g);
    task.startShard(ws);
    int firstChunk = (int) ((long) s * chunks / shards);
    int lastChunk = (int) ((long) (s + 1) * chunks / shards);
    for (int ci = firstChunk; ci < lastChunk; ci++) {
      int offset = ci * chunkRows;
      int rows = Math.min(chunkRows, count - offset);
      ws.setBatch(data, index, from + offset, rows, offset);
      task.batch(ws);
    }
    if (flushGradient) {
      ws.flushGradient(g);
      if (inOrder && s > 0) {
        addInto(g, gradientOut);
      }
    }
    if (flushCurvature) {
      ws.flushCurvature(h);
      if (inOrder && s > 0) {
        addInto(h, curvatureOut);
      }
    }
    shardValue[s] = ws.accValue;
  }
}
