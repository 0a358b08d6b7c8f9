package org.obd.core;

/**
 * The plain-Java micro-kernel (used when {@code jdk.incubator.vector} is not enabled): a 4 × 4
 * tile in sixteen local accumulators, one {@link Math#fma} each per step, giving the same bits as
 * the vector kernel.
 */
final class GemmPlain extends GemmKernel {

  static final int MR = 4;
  static final int NR = 4;

  GemmPlain() {
    super(MR, NR);
  }

  @Override
  String describe() {
    return "scalar, 4x4 tiles";
  }

  @Override
  void tile(
      int kc, double[] pa, int pa0, double[] pb, int pb0, int ldb, double[] c, int c0, int ldc,
      boolean load) {
    double c00 = 0, c01 = 0, c02 = 0, c03 = 0;
    double c10 = 0, c11 = 0, c12 = 0, c13 = 0;
    double c20 = 0, c21 = 0, c22 = 0, c23 = 0;
    double c30 = 0, c31 = 0, c32 = 0, c33 = 0;
    int r0 = c0;
    int r1 = r0 + ldc;
    int r2 = r1 + ldc;
    int r3 = r2 + ldc;
    if (load) {
      c00 = c[r0]; c01 = c[r0 + 1]; c02 = c[r0 + 2]; c03 = c[r0 + 3];
      c10 = c[r1]; c11 = c[r1 + 1]; c12 = c[r1 + 2]; c13 = c[r1 + 3];
      c20 = c[r2]; c21 = c[r2 + 1]; c22 = c[r2 + 2]; c23 = c[r2 + 3];
      c30 = c[r3]; c31 = c[r3 + 1]; c32 = c[r3 + 2]; c33 = c[r3 + 3];
    }
    int ia = pa0;
    int ib = pb0;
    for (int p = 0; p < kc; p++, ia += MR, ib += ldb) {
      double b0 = pb[ib];
      double b1 = pb[ib + 1];
      double b2 = pb[ib + 2];
      double b3 = pb[ib + 3];
      double a = pa[ia];
      c00 = Math.fma(a, b0, c00);
      c01 = Math.fma(a, b1, c01);
      c02 = Math.fma(a, b2, c02);
      c03 = Math.fma(a, b3, c03);
      a = pa[ia + 1];
      c10 = Math.fma(a, b0, c10);
      c11 = Math.fma(a, b1, c11);
      c12 = Math.fma(a, b2, c12);
      c13 = Math.fma(a, b3, c13);
      a = pa[ia + 2];
      c20 = Math.fma(a, b0, c20);
      c21 = Math.fma(a, b1, c21);
      c22 = Math.fma(a, b2, c22);
      c23 = Math.fma(a, b3, c23);
      a = pa[ia + 3];
      c30 = Math.fma(a, b0, c30);
      c31 = Math.fma(a, b1, c31);
      c32 = Math.fma(a, b2, c32);
      c33 = Math.fma(a, b3, c33);
    }
    c[r0] = c00; c[r0 + 1] = c01; c[r0 + 2] = c02; c[r0 + 3] = c03;
    c[r1] = c10; c[r1 + 1] = c11; c[r1 + 2] = c12; c[r1 + 3] = c13;
    c[r2] = c20; c[r2 + 1] = c21; c[r2 + 2] = c22; c[r2 + 3] = c23;
    c[r3] = c30; c[r3 + 1] = c31; c[r3 + 2] = c32; c[r3 + 3] = c33;
  }
}
