package org.obd.core;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;
import org.ejml.data.DMatrixRMaj;

/**
 * The dense matrix products of the layers: {@code C (+)= op(A)·op(B)} with {@code op} the identity
 * or the transpose, on row-major {@code double} data (EJML's {@link DMatrixRMaj} or raw arrays).
 *
 * <p><b>How.</b> A blocked, packed, register-tiled kernel in the manner of GotoBLAS: {@code op(B)}
 * is packed at most {@link #KC} rows at a time ({@link #PANEL_BYTES}) into panels {@code nr}
 * columns wide, {@code op(A)} {@link #MC} rows at a time into panels {@code mr} rows high, and a
 * micro-kernel computes one {@code mr × nr} tile of {@code C} in registers. The micro-kernel is
 * written on the JDK's Vector API ({@code jdk.incubator.vector}, the preferred species: 512-bit
 * vectors on AVX-512) when that module is present at run time ({@code --add-modules
 * jdk.incubator.vector}), else in plain Java (scalar {@link Math#fma}); the classes using the
 * Vector API are loaded only in the first case.
 * The system property {@code obd.gemm=plain} forces the plain kernel.
 *
 * <p><b>Bits.</b> Every element of {@code C} is the chain {@code c = fma(op(A)[i][p], op(B)[p][j],
 * c)} for {@code p = 0, 1, …, k-1} in order, starting from the old {@code C} (the {@code add}
 * forms) or from zero. Blocking stores and reloads the chain exactly, so the result does not depend
 * on the block sizes, on the kernel (vector or plain) nor on the number of threads: results are
 * bit-identical whatever runs them. (They differ from EJML's, which rounds each product before
 * adding it, by rounding only.)
 *
 * <p><b>Threads.</b> A product of at least {@link #SPLIT_MIN} multiply-adds is cut into two halves
 * of output columns (or rows, whichever are more), the second computed on the common fork-join
 * pool, when the caller is not a pool worker itself (as inside the engine's sharded passes); at
 * most {@link #maxThreads()} threads. If no worker has taken the half by the time the caller has
 * finished its own, the caller computes it too. (The split used to wait for an idle worker, but
 * a worker just done with the previous product's half still counts as active for a while, so
 * products of a millisecond split only now and then: 256³ on two threads ran as on one.)
 *
 * <p><b>Memory.</b> Each calling thread packs into its own buffers, and the second half of its
 * split products into buffers kept with that half (whichever thread runs it), each made on first
 * use and grown only when a larger product comes (at most {@code (MC + 1)·KC + KC·NC} doubles,
 * about 4.3 MB); a product allocates nothing else, on either thread.
 */
public final class Gemm {

  /** The largest depth of a packed block (entries of the summed dimension per pass over C). */
  static final int KC = 256;

  /**
   * Bytes of one packed panel of B ({@code kc × nr}) at most, where the summed dimension is cut
   * into blocks ({@code k > KC}). The panel is read again for every tile of a block of A and
   * should stay in the L1 cache beside A's panel (48 KB on recent Intel cores, 32 KB on AMD's and
   * older ones): AVX-512's panels of 24 columns are 128 deep there, not 256 (49 KB). On one
   * Sapphire Rapids core, alternating in one JVM: 256×784×300 at 51–60 against 48–58 GFLOP/s,
   * 1024³ at 48–60 against 46–58. A summed dimension of at most {@code KC} stays one block, so
   * that the weight-gradient products of a pass ({@code k} = a chunk's rows) pass over their large
   * C once.
   */
  static final int PANEL_BYTES = 24 * 1024;

  /** Rows of {@code op(A)} packed at a time (kept in the L2 cache). */
  static final int MC = 96;

  /** Columns of {@code op(B)} packed at a time (a multiple of every kernel's {@code nr}). */
  static final int NC = 2016;

  /**
   * Products of at most this many tiles' rows ({@code m ≤ DIRECT_ROWS·mr}) read an untransposed B
   * in place instead of packing it.
   */
  static final int DIRECT_ROWS = 4;

  /** Multiply-adds ({@code m·n·k}) from which a product may use two threads. */
  public static final long SPLIT_MIN = 1L << 20;

  private static final GemmKernel KERNEL = chooseKernel();

  private static final GemmKernel PLAIN_KERNEL =
      KERNEL instanceof GemmPlain ? KERNEL : new GemmPlain();

  private static final int MAX_THREADS =
      Math.max(1, Math.min(2, Integer.getInteger("obd.gemm.threads",
          ForkJoinPool.getCommonPoolParallelism() + 1)));

  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

  private static final ThreadLocal<Half> HALF = ThreadLocal.withInitial(Half::new);

  /** Products split over two threads so far (approximate under concurrent callers; for tests). */
  private static volatile long splits;

  /** Whether products are counted (see {@link #counting(boolean)}). */
  private static volatile boolean counting;

  // striped sums: two threads adding to one atomic after every small product contended for its
  // cache line, which made a pass being counted up to an eighth slower than one that is not
  private static final java.util.concurrent.atomic.LongAdder COUNTED_MULTIPLY_ADDS =
      new java.util.concurrent.atomic.LongAdder();

  private static final java.util.concurrent.atomic.LongAdder COUNTED_NANOS =
      new java.util.concurrent.atomic.LongAdder();

  private Gemm() {}

  /**
   * Starts ({@code true}) or stops counting the products' multiply-adds and wall time, for {@code
   * obd bench}: while on, every product adds {@code m·n·k} and its wall time (on the calling
   * thread, both halves of a split product included) to process-wide sums. Off by default (it costs
   * two clock reads and two additions to striped sums per product).
   */
  public static void counting(boolean on) {
    counting = on;
  }

  /** Zeroes the counted sums. */
  public static void resetCounts() {
    COUNTED_MULTIPLY_ADDS.reset();
    COUNTED_NANOS.reset();
  }

  /** Multiply-adds of the products counted since {@link #resetCounts()} (2 flops each). */
  public static long countedMultiplyAdds() {
    return COUNTED_MULTIPLY_ADDS.sum();
  }

  /**
   * Wall time of the products counted since {@link #resetCounts()}, in nanoseconds, summed over
   * the calling threads (products running at once on several threads each count theirs).
   */
  public static long countedNanos() {
    return COUNTED_NANOS.sum();
  }

  static long splits() {
    return splits;
  }

  private static GemmKernel chooseKernel() {
    if ("plain".equals(System.getProperty("obd.gemm"))) {
      return new GemmPlain();
    }
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return new GemmPlain();
    }
    try {
      return (GemmKernel)
          Class.forName("org.obd.core.GemmVector").getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      return new GemmPlain();
    }
  }

  /** Whether the products run on the Vector API kernel. */
  public static boolean vectorized() {
    return !(KERNEL instanceof GemmPlain);
  }

  /** At most this many threads compute one product (1 or 2; property {@code obd.gemm.threads}). */
  public static int maxThreads() {
    return MAX_THREADS;
  }

  /**
   * What runs the products, e.g. {@code vector-api (512-bit DoubleVector, 2 threads)} or {@code
   * plain Java (jdk.incubator.vector not enabled, 2 threads)}.
   */
  public static String backend() {
    String threads = MAX_THREADS + (MAX_THREADS == 1 ? " thread" : " threads");
    if (vectorized()) {
      return "vector-api (" + KERNEL.describe() + ", " + threads + ")";
    }
    String why =
        "plain".equals(System.getProperty("obd.gemm"))
            ? "forced by obd.gemm=plain"
            : ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()
                ? "jdk.incubator.vector not enabled"
                : "Vector API kernel unavailable";
    return "plain Java (" + why + ", " + threads + ")";
  }

  static GemmKernel kernel() {
    return KERNEL;
  }

  static GemmKernel plainKernel() {
    return PLAIN_KERNEL;
  }

  /** {@code C = A·B}; {@code c} is reshaped to {@code A.rows × B.cols}. */
  public static void mult(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
    product(false, false, a, b, c, false);
  }

  /** {@code C += A·B}. */
  public static void multAdd(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
    product(false, false, a, b, c, true);
  }

  /** {@code C = Aᵀ·B}; {@code c} is reshaped to {@code A.cols × B.cols}. */
  public static void multTransA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
    product(true, false, a, b, c, false);
  }

  /** {@code C += Aᵀ·B}. */
  public static void multAddTransA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
    product(true, false, a, b, c, true);
  }

  /** {@code C = A·Bᵀ}; {@code c} is reshaped to {@code A.rows × B.rows}. */
  public static void multTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
    product(false, true, a, b, c, false);
  }

  /** {@code C += A·Bᵀ}. */
  public static void multAddTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
    product(false, true, a, b, c, true);
  }

  /**
   * {@code C += Aᵀ·(B∘B)}: B's entries squared as they are packed, the same bits as squaring B
   * first, without a squared copy of B or a pass to make it (squared-input products of the
   * curvature passes).
   */
  public static void multAddTransASquaredB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
    if (c == a || c == b) {
      throw new IllegalArgumentException("the output of a product must not be one of its inputs");
    }
    if (a.numRows != b.numRows) {
      throw new IllegalArgumentException(
          "inner dimensions differ: " + shape(a, true) + " times " + shape(b, false));
    }
    if (c.numRows != a.numCols || c.numCols != b.numCols) {
      throw new IllegalArgumentException(
          "output is " + c.numRows + "x" + c.numCols + ", the product " + a.numCols + "x"
              + b.numCols);
    }
    gemm(KERNEL, MAX_THREADS, true, false, true, a.numCols, b.numCols, a.numRows, a.data, 0,
        a.numCols, b.data, 0, b.numCols, true, c.data, 0, c.numCols);
  }

  private static void product(
      boolean transA, boolean transB, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c, boolean add) {
    if (c == a || c == b) {
      throw new IllegalArgumentException("the output of a product must not be one of its inputs");
    }
    int m = transA ? a.numCols : a.numRows;
    int k = transA ? a.numRows : a.numCols;
    int kb = transB ? b.numCols : b.numRows;
    int n = transB ? b.numRows : b.numCols;
    if (k != kb) {
      throw new IllegalArgumentException(
          "inner dimensions differ: " + shape(a, transA) + " times " + shape(b, transB));
    }
    if (add) {
      if (c.numRows != m || c.numCols != n) {
        throw new IllegalArgumentException(
            "output is " + c.numRows + "x" + c.numCols + ", the product " + m + "x" + n);
      }
    } else {
      c.reshape(m, n, false);
    }
    gemm(KERNEL, MAX_THREADS, transA, transB, m, n, k, a.data, 0, a.numCols, b.data, 0,
        b.numCols, add, c.data, 0, n);
  }

  private static String shape(DMatrixRMaj x, boolean trans) {
    return trans ? x.numCols + "x" + x.numRows : x.numRows + "x" + x.numCols;
  }

  /**
   * {@code C (+)= op(A)·op(B)} on raw row-major arrays: {@code op(A)} is {@code m × k}, stored at
   * {@code a[aOff ..]} with row stride {@code lda} ({@code A} is {@code k × m} when {@code transA});
   * {@code op(B)} is {@code k × n} at {@code b[bOff ..]} with stride {@code ldb}; {@code C} is
   * {@code m × n} at {@code c[cOff ..]} with stride {@code ldc}, overwritten unless {@code add}.
   * {@code C} must not overlap {@code A} or {@code B}.
   */
  public static void gemm(
      boolean transA, boolean transB, int m, int n, int k, double[] a, int aOff, int lda,
      double[] b, int bOff, int ldb, boolean add, double[] c, int cOff, int ldc) {
    gemm(KERNEL, MAX_THREADS, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, add, c, cOff,
        ldc);
  }

  /**
   * As {@link #gemm(boolean, boolean, int, int, int, double[], int, int, double[], int, int,
   * boolean, double[], int, int)} on at most {@code threads} threads (1 or more; 2 are used at most)
   * and, with {@code plain}, on the plain-Java kernel: for benchmarks and tests. The result is the
   * same bits in every case.
   */
  public static void gemm(
      boolean plain, int threads, boolean transA, boolean transB, int m, int n, int k,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb, boolean add, double[] c,
      int cOff, int ldc) {
    gemm(plain ? PLAIN_KERNEL : KERNEL, threads, transA, transB, m, n, k, a, aOff, lda, b, bOff,
        ldb, add, c, cOff, ldc);
  }

  static void gemm(
      GemmKernel kernel, int threads, boolean transA, boolean transB, int m, int n, int k,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb, boolean add, double[] c,
      int cOff, int ldc) {
    gemm(kernel, threads, transA, transB, false, m, n, k, a, aOff, lda, b, bOff, ldb, add, c,
        cOff, ldc);
  }

  /** As above, with {@code squareB}: {@code op(B)}'s entries squared as they are packed. */
  static void gemm(
      GemmKernel kernel, int threads, boolean transA, boolean transB, boolean squareB, int m,
      int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb, boolean add,
      double[] c, int cOff, int ldc) {
    if (!counting) {
      run(kernel, threads, transA, transB, squareB, m, n, k, a, aOff, lda, b, bOff, ldb, add, c,
          cOff, ldc);
      return;
    }
    long start = System.nanoTime();
    run(kernel, threads, transA, transB, squareB, m, n, k, a, aOff, lda, b, bOff, ldb, add, c,
        cOff, ldc);
    COUNTED_NANOS.add(System.nanoTime() - start);
    COUNTED_MULTIPLY_ADDS.add((long) Math.max(0, m) * Math.max(0, n) * Math.max(0, k));
  }

  private static void run(
      GemmKernel kernel, int threads, boolean transA, boolean transB, boolean squareB, int m,
      int n, int k,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb, boolean add, double[] c,
      int cOff, int ldc) {
    if (m <= 0 || n <= 0) {
      return;
    }
    if (k <= 0) {
      if (!add) {
        for (int i = 0; i < m; i++) {
          java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0.0);
        }
      }
      return;
    }
    if (threads > 1 && (long) m * n * k >= SPLIT_MIN && !ForkJoinTask.inForkJoinPool()) {
      int mr = kernel.mr();
      int nr = kernel.nr();
      boolean byColumns = n >= m;
      int cut =
          byColumns ? ((n / 2 + nr - 1) / nr) * nr : ((m / 2 + mr - 1) / mr) * mr;
      if (cut > 0 && cut < (byColumns ? n : m)) {
        Half h = HALF.get();
        h.set(kernel, transA, transB, squareB, k, a, aOff, lda, b, bOff, ldb, add, c, cOff, ldc);
        if (byColumns) {
          h.range(0, m, cut, n);
        } else {
          h.range(cut, m, 0, n);
        }
        h.reinitialize();
        h.fork();
        splits++;
        try {
          if (byColumns) {
            serial(kernel, transA, transB, squareB, 0, m, 0, cut, k, a, aOff, lda, b, bOff, ldb,
                add, c, cOff, ldc, BUFFERS.get());
          } else {
            serial(kernel, transA, transB, squareB, 0, cut, 0, n, k, a, aOff, lda, b, bOff, ldb,
                add, c, cOff, ldc, BUFFERS.get());
          }
        } finally {
          finish(h);
        }
        return;
      }
    }
    serial(kernel, transA, transB, squareB, 0, m, 0, n, k, a, aOff, lda, b, bOff, ldb, add, c,
        cOff, ldc, BUFFERS.get());
  }

  /**
   * Waits for the second half without allocating: runs it here if no worker has taken it yet,
   * else spins (then yields) until it is done — a blocking join would allocate a wait node — and
   * only then joins it, which rethrows its exception if it failed.
   */
  private static void finish(Half h) {
    try {
      if (h.tryUnfork()) {
        h.invoke();
      } else {
        for (int spins = 0; !h.isDone(); spins++) {
          if (spins < 1 << 12) {
            Thread.onSpinWait();
          } else {
            Thread.yield();
          }
        }
      }
      h.join();
    } finally {
      h.clear();
    }
  }

  /** The second half of a split product, reused by its calling thread. */
  private static final class Half extends RecursiveAction {
    private static final long serialVersionUID = 1L;
    private transient GemmKernel kernel;
    private boolean transA;
    private boolean transB;
    private boolean squareB;
    private int i0;
    private int i1;
    private int j0;
    private int j1;
    private int k;
    private transient double[] a;
    private int aOff;
    private int lda;
    private transient double[] b;
    private int bOff;
    private int ldb;
    private boolean add;
    private transient double[] c;
    private int cOff;
    private int ldc;

    /**
     * The packing buffers of the half, kept with it rather than with the thread that runs it: the
     * common pool's workers erase their thread-locals after every task (JDK 17 creates them with
     * {@code clearThreadLocals}), so buffers there were made anew, and zeroed, for every split
     * product (some 200 MB/s of garbage while training 784-300-100-10 at batch 32).
     */
    private final transient Buffers buffers = new Buffers();

    void set(
        GemmKernel kernel, boolean transA, boolean transB, boolean squareB, int k, double[] a,
        int aOff, int lda, double[] b, int bOff, int ldb, boolean add, double[] c, int cOff,
        int ldc) {
      this.kernel = kernel;
      this.transA = transA;
      this.transB = transB;
      this.squareB = squareB;
      this.k = k;
      this.a = a;
      this.aOff = aOff;
      this.lda = lda;
      this.b = b;
      this.bOff = bOff;
      this.ldb = ldb;
      this.add = add;
      this.c = c;
      this.cOff = cOff;
      this.ldc = ldc;
    }

    void range(int i0, int i1, int j0, int j1) {
      this.i0 = i0;
      this.i1 = i1;
      this.j0 = j0;
      this.j1 = j1;
    }

    void clear() {
      kernel = null;
      a = null;
      b = null;
      c = null;
    }

    @Override
    protected void compute() {
      serial(kernel, transA, transB, squareB, i0, i1, j0, j1, k, a, aOff, lda, b, bOff, ldb, add,
          c, cOff, ldc, buffers);
    }
  }

  /** A thread's packing buffers. */
  private static final class Buffers {
    double[] pa = new double[0];
    double[] pb = new double[0];
    double[] tile = new double[0];

    void ensure(int paSize, int pbSize, int tileSize) {
      if (pa.length < paSize) {
        pa = new double[paSize];
      }
      if (pb.length < pbSize) {
        pb = new double[pbSize];
      }
      if (tile.length < tileSize) {
        tile = new double[tileSize];
      }
    }
  }

  /** Rows {@code i0..i1-1} and columns {@code j0..j1-1} of C on the calling thread. */
  private static void serial(
      GemmKernel kernel, boolean transA, boolean transB, boolean squareB, int i0, int i1, int j0,
      int j1, int k,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb, boolean add, double[] c,
      int cOff, int ldc, Buffers buf) {
    int mr = kernel.mr();
    int nr = kernel.nr();
    int m = i1 - i0;
    int n = j1 - j0;
    int kcBlock = k <= KC ? k : kc(kernel);
    int kcMax = Math.min(kcBlock, k);
    int mcMax = roundUp(Math.min(MC, m), mr);
    int ncMax = roundUp(Math.min(NC, n), nr);
    buf.ensure(mcMax * kcMax, kcMax * ncMax, mr * nr);
    double[] pa = buf.pa;
    double[] pb = buf.pb;
    double[] tile = buf.tile;
    // few rows of A: a panel of B would serve few tiles, so B is read in place (when not
    // transposed or squared) instead of packed; only a last, partial panel is packed (with its
    // zeros)
    boolean direct = !transB && !squareB && m <= DIRECT_ROWS * mr;
    for (int jc = j0; jc < j1; jc += NC) {
      int nc = Math.min(NC, j1 - jc);
      int full = nc / nr * nr;
      for (int pc = 0; pc < k; pc += kcBlock) {
        int kc = Math.min(kcBlock, k - pc);
        boolean load = add || pc > 0;
        if (!direct) {
          packB(transB, squareB, b, bOff, ldb, pc, kc, jc, nc, nr, pb);
        } else if (full < nc) {
          packB(transB, false, b, bOff, ldb, pc, kc, jc + full, nc - full, nr, pb);
        }
        for (int ic = i0; ic < i1; ic += MC) {
          int mc = Math.min(MC, i1 - ic);
          packA(transA, a, aOff, lda, ic, mc, pc, kc, mr, pa);
          for (int jr = 0; jr < nc; jr += nr) {
            int cols = Math.min(nr, nc - jr);
            double[] bp = pb;
            int pbOff = jr * kc;
            int bs = nr;
            if (direct) {
              if (jr < full) {
                bp = b;
                pbOff = bOff + pc * ldb + jc + jr;
                bs = ldb;
              } else {
                pbOff = 0;
              }
            }
            for (int ir = 0; ir < mc; ir += mr) {
              int rows = Math.min(mr, mc - ir);
              int paOff = ir * kc;
              int c0 = cOff + (ic + ir) * ldc + jc + jr;
              if (rows == mr && cols == nr) {
                if (load) {
                  // the stored values go in through a copy (GemmKernel.tileFrom): AVX-512's
                  // loop ran at 56–60 against 75–88 GFLOP/s when it also read them from C
                  for (int r = 0; r < mr; r++) {
                    System.arraycopy(c, c0 + r * ldc, tile, r * nr, nr);
                  }
                  kernel.tileFrom(kc, pa, paOff, bp, pbOff, bs, tile, c, c0, ldc);
                } else {
                  kernel.tile(kc, pa, paOff, bp, pbOff, bs, c, c0, ldc, false);
                }
              } else {
                if (load) {
                  for (int r = 0; r < rows; r++) {
                    System.arraycopy(c, c0 + r * ldc, tile, r * nr, cols);
                  }
                  kernel.tileFrom(kc, pa, paOff, bp, pbOff, bs, tile, tile, 0, nr);
                } else {
                  kernel.tile(kc, pa, paOff, bp, pbOff, bs, tile, 0, nr, false);
                }
                for (int r = 0; r < rows; r++) {
                  System.arraycopy(tile, r * nr, c, c0 + r * ldc, cols);
                }
              }
            }
          }
        }
      }
    }
  }

  /** The depth of a packed block for a kernel's panels ({@link #PANEL_BYTES}). */
  static int kc(GemmKernel kernel) {
    return Math.min(KC, PANEL_BYTES / (Double.BYTES * kernel.nr()));
  }

  private static int roundUp(int x, int unit) {
    return (x + unit - 1) / unit * unit;
  }

  /**
   * Rows {@code ic..ic+mc-1}, entries {@code pc..pc+kc-1} of {@code op(A)} into panels of {@code
   * mr} rows: panel {@code q}'s entry {@code (i, p)} at {@code pa[q·mr·kc + p·mr + i]}, zeros below
   * the last row.
   */
  private static void packA(
      boolean transA, double[] a, int aOff, int lda, int ic, int mc, int pc, int kc, int mr,
      double[] pa) {
    int dst = 0;
    for (int ir = 0; ir < mc; ir += mr) {
      int rows = Math.min(mr, mc - ir);
      if (!transA && rows == 4 && mr == 4) {
        interleave4(a, aOff + (ic + ir) * lda + pc, lda, kc, pa, dst);
      } else if (!transA) {
        for (int i = 0; i < rows; i++) {
          int src = aOff + (ic + ir + i) * lda + pc;
          int d = dst + i;
          for (int p = 0; p < kc; p++, d += mr) {
            pa[d] = a[src + p];
          }
        }
      } else {
        for (int p = 0; p < kc; p++) {
          System.arraycopy(a, aOff + (pc + p) * lda + ic + ir, pa, dst + p * mr, rows);
        }
      }
      if (rows < mr) {
        for (int p = 0; p < kc; p++) {
          java.util.Arrays.fill(pa, dst + p * mr + rows, dst + (p + 1) * mr, 0.0);
        }
      }
      dst += mr * kc;
    }
  }

  /**
   * Four rows of {@code src} (from {@code s0}, {@code stride} apart), {@code kc} entries each,
   * interleaved into {@code dst}: entry {@code p} of row {@code i} at {@code d0 + p·step + i}.
   * Written in order and the rows read side by side, which packs a full panel faster than a row
   * at a time with writes {@code step} apart (products with a short summed dimension +10–26% on
   * AVX2).
   */
  private static void interleave4(
      double[] src, int s0, int stride, int kc, double[] dst, int d0, int step) {
    int s1 = s0 + stride;
    int s2 = s1 + stride;
    int s3 = s2 + stride;
    for (int p = 0, d = d0; p < kc; p++, d += step) {
      dst[d] = src[s0 + p];
      dst[d + 1] = src[s1 + p];
      dst[d + 2] = src[s2 + p];
      dst[d + 3] = src[s3 + p];
    }
  }

  /** {@link #interleave4(double[], int, int, int, double[], int, int)} with a step of 4. */
  private static void interleave4(double[] src, int s0, int stride, int kc, double[] dst, int d0) {
    interleave4(src, s0, stride, kc, dst, d0, 4);
  }

  /**
   * Entries {@code pc..pc+kc-1}, columns {@code jc..jc+nc-1} of {@code op(B)} into panels of
   * {@code nr} columns: panel {@code q}'s entry {@code (p, j)} at {@code pb[q·nr·kc + p·nr + j]},
   * zeros right of the last column; with {@code square}, each entry squared.
   */
  private static void packB(
      boolean transB, boolean square, double[] b, int bOff, int ldb, int pc, int kc, int jc,
      int nc, int nr, double[] pb) {
    int dst = 0;
    for (int jr = 0; jr < nc; jr += nr) {
      int cols = Math.min(nr, nc - jr);
      if (!transB) {
        for (int p = 0; p < kc; p++) {
          System.arraycopy(b, bOff + (pc + p) * ldb + jc + jr, pb, dst + p * nr, cols);
        }
      } else if (cols == 8 && nr == 8) {
        // a full panel of 8 columns (AVX2's 4 × 8 tiles): the 8 rows of B that hold them
        int s0 = bOff + (jc + jr) * ldb + pc;
        interleave4(b, s0, ldb, kc, pb, dst, 8);
        interleave4(b, s0 + 4 * ldb, ldb, kc, pb, dst + 4, 8);
      } else {
        // 8 entries (a cache line) of each column at a time, so that the panel's rows being
        // written stay in the L1 cache
        for (int p0 = 0; p0 < kc; p0 += 8) {
          int p1 = Math.min(kc, p0 + 8);
          for (int j = 0; j < cols; j++) {
            int src = bOff + (jc + jr + j) * ldb + pc;
            int d = dst + p0 * nr + j;
            for (int p = p0; p < p1; p++, d += nr) {
              pb[d] = b[src + p];
            }
          }
        }
      }
      if (cols < nr) {
        for (int p = 0; p < kc; p++) {
          java.util.Arrays.fill(pb, dst + p * nr + cols, dst + (p + 1) * nr, 0.0);
        }
      }
      if (square) {
        // the panel just written, still in the cache
        for (int i = dst, end = dst + nr * kc; i < end; i++) {
          pb[i] *= pb[i];
        }
      }
      dst += nr * kc;
    }
  }
}
