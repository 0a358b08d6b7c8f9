package org.obd.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * Dense's flat products (weights read from the parameter vector, gradient written into it), which
 * every pass uses, give the same bits as its matrix products, both below 8 rows (plain loops) and
 * from 8 on (the product kernel), so that a pass's result does not depend on which it uses.
 */
class DenseFlatProductsTest {

  private static DMatrixRMaj random(int rows, int cols, SplittableRandom r) {
    DMatrixRMaj m = new DMatrixRMaj(rows, cols);
    for (int i = 0; i < m.data.length; i++) {
      m.data[i] = r.nextInt(5) == 0 ? 0.0 : r.nextDouble(-1, 1);
    }
    return m;
  }

  private static long[] bits(double[] v, int from, int n) {
    long[] b = new long[n];
    for (int i = 0; i < n; i++) {
      b[i] = Double.doubleToRawLongBits(v[from + i]);
    }
    return b;
  }

  @Test
  void flatProductsEqualMatrixProductsBitForBit() {
    SplittableRandom r = new SplittableRandom(4);
    for (int[] shape : new int[][] {{1, 1}, {3, 2}, {7, 5}, {20, 9}, {64, 30}, {30, 10}}) {
      int in = shape[0];
      int units = shape[1];
      Dense layer = new Dense(in, units, Activation.TANH);
      Object work = layer.newWork(40);
      for (int rows : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 17, 40}) {
        assertEquals(true, layer.flatFor(rows));
        int offset = 1 + r.nextInt(5);
        double[] theta = new double[offset + units * in + units + 3];
        for (int k = 0; k < theta.length; k++) {
          theta[k] = r.nextDouble(-1, 1);
        }
        DMatrixRMaj w = new DMatrixRMaj(units, in);
        System.arraycopy(theta, offset, w.data, 0, units * in);
        DMatrixRMaj x = random(rows, in, r);
        DMatrixRMaj g = random(rows, units, r);

        DMatrixRMaj a = new DMatrixRMaj(rows, units);
        layer.linear(x, w, a, false, work);
        DMatrixRMaj aFlat = new DMatrixRMaj(rows, units);
        layer.linearFlat(x, theta, offset, aFlat, work);
        assertArrayEquals(bits(a.data, 0, rows * units), bits(aFlat.data, 0, rows * units));

        DMatrixRMaj gx = new DMatrixRMaj(rows, in);
        layer.linearTransposeInput(g, w, gx, false, work);
        DMatrixRMaj gxFlat = new DMatrixRMaj(rows, in);
        layer.linearTransposeInputFlat(g, theta, offset, gxFlat, work);
        assertArrayEquals(bits(gx.data, 0, rows * in), bits(gxFlat.data, 0, rows * in));

        // two chunks into a zeroed accumulator, against the first written and the second added
        DMatrixRMaj g2 = random(rows, units, r);
        DMatrixRMaj x2 = random(rows, in, r);
        DMatrixRMaj gw = new DMatrixRMaj(units, in);
        DMatrixRMaj gb = new DMatrixRMaj(1, units);
        layer.linearTransposeWeightAdd(g, x, gw, work);
        layer.biasTransposeAdd(g, gb);
        layer.linearTransposeWeightAdd(g2, x2, gw, work);
        layer.biasTransposeAdd(g2, gb);
        double[] out = new double[theta.length];
        Arrays.fill(out, Double.NaN);
        int biasOffset = offset + units * in;
        layer.linearTransposeWeightFlat(g, x, out, offset, true, work);
        layer.biasTranspose(g, out, biasOffset, true);
        layer.linearTransposeWeightFlat(g2, x2, out, offset, false, work);
        layer.biasTranspose(g2, out, biasOffset, false);
        assertArrayEquals(bits(gw.data, 0, units * in), bits(out, offset, units * in));
        assertArrayEquals(bits(gb.data, 0, units), bits(out, biasOffset, units));
      }
    }
  }
}
