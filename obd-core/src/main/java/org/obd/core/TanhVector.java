package org.obd.core;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link TanhKernel} on the Vector API (loaded only when {@code jdk.incubator.vector} is present):
 * a vector of the preferred species at a time, both branches ({@link TanhKernel#small} and {@link
 * TanhKernel#large}) computed for every lane with the same operations in the same order as there,
 * and each lane's own chosen by masks; the last {@code n mod VL} elements by the plain loop.
 */
final class TanhVector extends TanhKernel {

  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Long> LS = LongVector.SPECIES_PREFERRED;
  private static final int VL = S.length();
  private static final long SIGN = Long.MIN_VALUE;

  /**
   * Arrays shorter than this take the plain loop: the gain is small there, and until the JIT has
   * compiled {@link #apply} fully (later on a loaded machine) the Vector API boxes every vector, so
   * one-sample passes of small layers, which must allocate nothing, would allocate.
   */
  static final int MIN_LENGTH = 128;

  @Override
  String describe() {
    return S.vectorBitSize() + "-bit DoubleVector";
  }

  /**
   * The whole of {@code tanh} is written out in the loop: a helper taking and returning vectors is
   * beyond the JIT's inlining limit, and a call that is not inlined boxes its vectors (about ten
   * times slower).
   */
  @Override
  void apply(double[] a, double[] x, int n, double inner, double outer) {
    if (n < MIN_LENGTH) {
      plain(a, x, 0, n, inner, outer);
      return;
    }
    // no operation in the loop takes a scalar operand: one broadcasts it inside its own call
    // chain, four calls deeper, and that took the chains of some operations past the JIT's
    // inlining depth (MaxInlineLevel, 15), which then boxed their vectors. The constants are
    // vectors made here (the polynomials' coefficients are broadcast on their own, a short chain)
    DoubleVector one = DoubleVector.broadcast(S, 1.0);
    DoubleVector two = DoubleVector.broadcast(S, 2.0);
    DoubleVector half = DoubleVector.broadcast(S, 0.5);
    DoubleVector ln2Hi = DoubleVector.broadcast(S, LN2_HI);
    DoubleVector ln2Lo = DoubleVector.broadcast(S, LN2_LO);
    DoubleVector invLn2 = DoubleVector.broadcast(S, INV_LN2);
    DoubleVector shift = DoubleVector.broadcast(S, SHIFT);
    DoubleVector cut = DoubleVector.broadcast(S, CUT);
    DoubleVector top = DoubleVector.broadcast(S, ONE);
    DoubleVector in = DoubleVector.broadcast(S, inner);
    DoubleVector out = DoubleVector.broadcast(S, outer);
    LongVector bias = LongVector.broadcast(LS, SHIFT_BITS - 1023);
    LongVector sign = LongVector.broadcast(LS, SIGN);
    LongVector exponent = LongVector.broadcast(LS, 52);
    int i = 0;
    for (int end = n - VL; i <= end; i += VL) {
      DoubleVector v = DoubleVector.fromArray(S, a, i).mul(in);
      DoubleVector m = v.abs();
      // small: m + m·(s·P(s)), p = fma(p, s, c)
      DoubleVector s = m.mul(m);
      DoubleVector p = DoubleVector.broadcast(S, POLY[0]);
      for (int j = 1; j < POLY.length; j++) {
        p = p.fma(s, DoubleVector.broadcast(S, POLY[j]));
      }
      DoubleVector small = m.add(m.mul(s.mul(p)));
      // large: as TanhKernel.large
      DoubleVector y = m.add(m);
      DoubleVector w = y.mul(invLn2).add(shift);
      DoubleVector k = w.sub(shift).neg();
      DoubleVector r = k.fma(ln2Hi, y);
      r = k.fma(ln2Lo, r);
      DoubleVector e = DoubleVector.broadcast(S, EXP[0]);
      for (int j = 1; j < EXP.length; j++) {
        e = e.fma(r, DoubleVector.broadcast(S, EXP[j]));
      }
      DoubleVector tau = r.mul(r).fma(e, r);
      DoubleVector scale =
          w.reinterpretAsLongs()
              .sub(bias)
              .lanewise(VectorOperators.LSHL, exponent)
              .reinterpretAsDoubles();
      DoubleVector sa = scale.add(one);
      DoubleVector sb = scale.mul(tau);
      DoubleVector d = sa.add(sb);
      DoubleVector delta = sb.sub(d.sub(sa));
      DoubleVector q = two.div(d);
      DoubleVector rho = q.neg().fma(d, two);
      DoubleVector h = one.sub(q);
      DoubleVector eps = one.sub(h).sub(q);
      DoubleVector large = h.add(eps.sub(rho.sub(q.mul(delta)).mul(q.mul(half))));
      // 1 from ONE on, large below it, small below CUT; the sign of v; a NaN lane stays v
      VectorMask<Double> belowOne = m.compare(VectorOperators.LT, top);
      VectorMask<Double> belowCut = m.compare(VectorOperators.LT, cut);
      DoubleVector t = one.blend(large, belowOne).blend(small, belowCut);
      LongVector signed = t.reinterpretAsLongs().or(v.reinterpretAsLongs().and(sign));
      VectorMask<Double> number = m.compare(VectorOperators.EQ, m);
      v.blend(signed.reinterpretAsDoubles(), number).mul(out).intoArray(x, i);
    }
    plain(a, x, i, n, inner, outer);
  }
}
