package org.obd.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * {@link Objective#gaussNewtonMatrix} against its definition: the exact Hessian, by Hessian-vector
 * products, of the same objective at targets equal to the network's own outputs (where every
 * residual term vanishes), column by column over the remaining parameters.
 */
class GaussNewtonMatrixTest {

  private static DMatrixRMaj byProducts(Objective o, double[] t, Mask mask, Dataset d) {
    Dataset gn = new Dataset(d.inputs(), o.loss().gaussNewtonTargets(o.outputs(t, d), d.targets()));
    int p = t.length;
    int m = mask.remaining();
    int[] r = new int[m];
    for (int k = 0, i = 0; k < p; k++) {
      if (!mask.isDeleted(k)) {
        r[i++] = k;
      }
    }
    DMatrixRMaj h = new DMatrixRMaj(m, m);
    double[] e = new double[p];
    double[] hv = new double[p];
    for (int i = 0; i < m; i++) {
      e[r[i]] = 1.0;
      o.hessianVector(t, mask, gn, e, hv);
      e[r[i]] = 0.0;
      for (int j = 0; j < m; j++) {
        h.set(j, i, hv[r[j]]);
      }
    }
    return h;
  }

  private static void assertClose(DMatrixRMaj expected, DMatrixRMaj actual, String what) {
    assertEquals(expected.numRows, actual.numRows, what);
    double scale = 0;
    for (double v : expected.data) {
      scale = Math.max(scale, Math.abs(v));
    }
    for (int i = 0; i < expected.getNumElements(); i++) {
      double e = expected.data[i];
      double tol = 1e-13 * scale + 1e-10 * Math.abs(e);
      assertTrue(Math.abs(e - actual.data[i]) <= tol,
          what + " differs at " + (i / expected.numCols) + "," + (i % expected.numCols)
              + ": expected " + e + " found " + actual.data[i]);
    }
  }

  @Test
  void equalsTheExactHessianAtTheNetworksOwnOutputs() {
    Random r = new Random(3);
    List<Network> nets = new ArrayList<>(List.of(ObjectiveTest.mixedNets()));
    // relu below an identity-activated pool: piecewise-linear factor rows
    nets.add(Network.builder(new Shape(1, 6, 6))
        .conv2d(2, 3, 3, 1, Activation.RELU)
        .avgpool(2, Activation.IDENTITY)
        .flatten()
        .dense(4, Activation.IDENTITY)
        .build());
    for (Network net : nets) {
      for (Loss loss : Loss.values()) {
        for (L2 l2 : new L2[] {L2.NONE, new L2(0.25, false)}) {
          Dataset d = ObjectiveTest.data(net, 7, r, loss == Loss.SOFTMAX_CROSS_ENTROPY);
          Objective o = new Objective(net, loss, l2, 3, false);
          double[] t = ObjectiveTest.params(net, r);
          Mask mask = Mask.of(t.length, 0, 5, t.length - 1);
          mask.apply(t);
          String what = loss + " " + l2 + " " + net;
          DMatrixRMaj g = o.gaussNewtonMatrix(t, mask, d);
          assertClose(byProducts(o, t, mask, d), g, what);
          for (int i = 0; i < g.numRows; i++) {
            for (int j = 0; j < i; j++) {
              assertEquals(g.get(i, j), g.get(j, i), 0.0, "symmetric: " + what);
            }
          }
        }
      }
    }
  }

  @Test
  void aParallelObjectiveGivesTheSameBitsAsASerialOne() {
    Random r = new Random(8);
    Network net = ObjectiveTest.convNet();
    Dataset d = ObjectiveTest.data(net, 1100, r, false); // above the parallel threshold
    double[] t = ObjectiveTest.params(net, r);
    Mask mask = Mask.none(t.length);
    DMatrixRMaj serial = new Objective(net, Loss.MSE, 64, false).gaussNewtonMatrix(t, mask, d);
    DMatrixRMaj parallel = new Objective(net, Loss.MSE, 64, true).gaussNewtonMatrix(t, mask, d);
    for (int i = 0; i < serial.getNumElements(); i++) {
      assertEquals(serial.data[i], parallel.data[i], 0.0);
    }
  }
}
