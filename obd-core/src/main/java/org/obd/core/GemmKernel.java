package org.obd.core;

/**
 * A register-tiled micro-kernel of {@link Gemm}: one {@code mr × nr} tile of {@code C} from packed
 * panels. Every element is the chain {@code c = fma(a_p, b_p, c)} for {@code p = 0 .. kc-1} in
 * order, starting from the stored value or from zero, so that each implementation (and every
 * blocking and thread split of the driver) gives the same bits.
 */
abstract class GemmKernel {

  private final int mr;
  private final int nr;

  /** A kernel of {@code mr × nr} tiles. */
  GemmKernel(int mr, int nr) {
    this.mr = mr;
    this.nr = nr;
  }

  /** Rows of a tile (of a packed A panel). */
  final int mr() {
    return mr;
  }

  /** Columns of a tile (of a packed B panel). */
  final int nr() {
    return nr;
  }

  /**
   * The tile at {@code c[c0 ..]} (row stride {@code ldc}) becomes {@code (load ? C : 0) + Σ_p
   * a[p]·b[p]ᵀ} with {@code a[p]} the {@code mr} values at {@code pa[pa0 + p·mr ..]} and {@code
   * b[p]} the {@code nr} values at {@code pb[pb0 + p·ldb ..]} ({@code ldb = nr} in a packed
   * panel, the row stride of B when B is read in place), summed in order of {@code p} with fused
   * multiply-adds; {@code kc ≥ 1}.
   */
  abstract void tile(
      int kc, double[] pa, int pa0, double[] pb, int pb0, int ldb, double[] c, int c0, int ldc,
      boolean load);

  /**
   * As {@link #tile} with {@code load}, the tile's starting values also copied, row by row, to
   * {@code src[0 ..]} with row stride {@code nr} (or {@code src} is {@code c} itself, {@code c0 =
   * 0}, {@code ldc = nr}). Here the tile is read from {@code c}; a kernel whose compiled loop
   * suffers from reading and writing the same addresses of {@code c} reads {@code src} instead.
   */
  void tileFrom(
      int kc, double[] pa, int pa0, double[] pb, int pb0, int ldb, double[] src, double[] c,
      int c0, int ldc) {
    tile(kc, pa, pa0, pb, pb0, ldb, c, c0, ldc, true);
  }

  /** The kernel's vectors and tile, for {@code obd version}. */
  abstract String describe();
}
